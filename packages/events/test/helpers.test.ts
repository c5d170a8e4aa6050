import { FleetError, generateCallsign, isId, isIsoTimestamp, TTL } from '@fleettools/core';
import { describe, expect, test } from 'bun:test';

import {
  createEvent,
  EventValidationError,
  FleetEventSchema,
  isEventType,
  safeValidateEvent,
  validateEvent,
  type FleetEvent,
} from '../src/index.js';
import { EXAMPLES } from './support/examples.js';

describe('createEvent', () => {
  test('the spec snippets work verbatim', () => {
    const event = createEvent('pilot_registered', {
      project_key: '/test/project',
      callsign: 'viper-1',
      program: 'opencode',
      model: 'claude-sonnet',
    });
    let seen = '';
    if (isEventType(event, 'pilot_registered')) {
      seen = event.callsign;
    }
    expect(seen).toBe('viper-1');

    const event2 = createEvent('sortie_created', {
      project_key: '/test/project',
      sortie_id: 'sortie-abc123',
      title: 'Implement feature X',
    });
    const rawEvent: unknown = JSON.parse(JSON.stringify(event2));
    const validated = validateEvent(rawEvent);
    const result = safeValidateEvent(rawEvent);
    expect(validated).toEqual(event2);
    expect(result).toEqual({ success: true, data: event2 });
    expect(FleetEventSchema.parse(rawEvent)).toEqual(event2);
  });

  test('fills id and timestamp when absent', () => {
    const event = createEvent('pilot_active', { project_key: '/test/project', callsign: 'viper-1' });
    expect(isId('event', event.id)).toBe(true);
    expect(isIsoTimestamp(event.timestamp)).toBe(true);
    expect(Object.keys(event)).toEqual(['id', 'type', 'project_key', 'timestamp', 'callsign']);
  });

  test('keeps a given id and timestamp', () => {
    const event = createEvent('pilot_active', {
      project_key: '/test/project',
      callsign: 'viper-1',
      id: 'evt-given',
      timestamp: '2025-01-09T14:30:00.000Z',
    });
    expect(event.id).toBe('evt-given' as typeof event.id);
    expect(event.timestamp).toBe('2025-01-09T14:30:00.000Z' as typeof event.timestamp);
  });

  test('accepts generated callsigns (cross-package types)', () => {
    const callsign = generateCallsign();
    expect(createEvent('pilot_registered', { project_key: '/test/project', callsign }).callsign).toBe(
      callsign,
    );
  });

  test('applies the catalog defaults', () => {
    const message = createEvent('message_sent', {
      project_key: '/p',
      message_id: 'msg-1',
      from: 'viper-1',
      to: ['viper-2'],
      subject: 's',
      body: 'b',
    });
    expect(message.importance).toBe('normal');
    expect(message.ack_required).toBe(false);
    const reservation = createEvent('file_reserved', {
      project_key: '/p',
      reservation_id: 'rsv-1',
      callsign: 'viper-1',
      paths: ['src/a.ts'],
    });
    expect(reservation.mode).toBe('exclusive');
    expect(reservation.ttl_ms).toBe(TTL.RESERVATION);
    const lock = createEvent('lock_acquired', {
      project_key: '/p',
      resource: 'r',
      lock_id: 'lock-1',
      callsign: 'v',
    });
    expect(lock.ttl_ms).toBe(TTL.LOCK);
    const pilot = createEvent('pilot_registered', { project_key: '/p', callsign: 'v' });
    expect('ttl_ms' in pilot).toBe(false);
  });

  test('normalises paths and keeps free text exactly', () => {
    const event = createEvent('sortie_created', {
      project_key: '/p',
      sortie_id: 'sortie-1',
      title: '  Spaces kept \u00e9\u{1F680} ',
      files: ['./src//a.ts', 'src\\b.ts', 'lib/x/../y.ts'],
    });
    expect(event.title).toBe('  Spaces kept \u00e9\u{1F680} ');
    expect(event.files).toEqual(['src/a.ts', 'src/b.ts', 'lib/y.ts']);
  });

  test('throws EventValidationError for an invalid field', () => {
    expect(() =>
      createEvent('sortie_created', { project_key: '/p', sortie_id: 'mission-1', title: 't' }),
    ).toThrow(EventValidationError);
  });

  test('rejects an unknown type at run time', () => {
    const untyped = createEvent as (type: string, fields: object) => FleetEvent;
    let error: unknown;
    try {
      untyped('no_such_type', { project_key: '/p' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as EventValidationError).message).toBe(
      'Invalid event: type: Unknown event type "no_such_type"',
    );
    expect((error as EventValidationError).details.type).toBeUndefined();
  });
});

describe('isEventType', () => {
  test('narrows by type', () => {
    const event: FleetEvent = validateEvent(EXAMPLES.sortie_started);
    expect(isEventType(event, 'sortie_started')).toBe(true);
    expect(isEventType(event, 'sortie_created')).toBe(false);
  });
});

describe('validateEvent and safeValidateEvent', () => {
  test('return the validated event', () => {
    expect(validateEvent(EXAMPLES.message_sent)).toEqual(EXAMPLES.message_sent as never);
    const result = safeValidateEvent(EXAMPLES.cursor_moved);
    expect(result.success && result.data.type).toBe('cursor_moved');
  });

  test('the error is a FleetError with code, type and every issue in one message', () => {
    const raw = { ...EXAMPLES.sortie_created, title: 'x'.repeat(5_000_000), sortie_id: 'nope' };
    let error: unknown;
    try {
      validateEvent(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FleetError);
    expect(error).toBeInstanceOf(EventValidationError);
    const { code, details, message, name } = error as EventValidationError;
    expect(name).toBe('EventValidationError');
    expect(code).toBe('EVENT_INVALID');
    expect(details.type).toBe('sortie_created');
    expect(details.issues.map((issue) => issue.path)).toEqual(['sortie_id', 'title']);
    expect(message).toBe(
      "Invalid sortie_created event: sortie_id: Invalid sortie id: expected 'sortie-' followed by 1 to 64 characters of A-Z a-z 0-9 _ -; title: Too big: expected string to have <=200 characters",
    );
  });

  test('messages stay short for huge inputs', () => {
    const raw: Record<string, unknown> = { ...EXAMPLES.pilot_active, ['k'.repeat(1_000_000)]: 1 };
    for (let n = 0; n < 50; n++) raw[`extra${n}`] = n;
    const result = safeValidateEvent({ ...raw, callsign: 7, note: '' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.message.length).toBeLessThan(1000);
    expect(result.error.details.issues).toHaveLength(3);
    expect(result.error.details.issues.every((issue) => issue.message.length <= 200)).toBe(true);
  });

  test('summarises beyond five issues', () => {
    const result = safeValidateEvent({ type: 'sortie_progress' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.details.issues).toHaveLength(6);
    expect(result.error.message).toEndWith('; and 1 more');
  });

  test('non-objects and missing types', () => {
    for (const [raw, message] of [
      [null, 'Invalid event: Invalid input: expected object, received null'],
      ['text', 'Invalid event: Invalid input: expected object, received string'],
      [{}, 'Invalid event: type: Invalid input: expected an event type, received undefined'],
      [{ type: 42 }, 'Invalid event: type: Unknown event type 42'],
    ] as const) {
      const result = safeValidateEvent(raw);
      expect(result.success ? 'valid' : result.error.message).toBe(message);
    }
  });

  test('toJSON carries code, message and details', () => {
    const result = safeValidateEvent({ ...EXAMPLES.pilot_active, callsign: '' });
    expect(result.success ? undefined : result.error.toJSON()).toEqual({
      name: 'EventValidationError',
      code: 'EVENT_INVALID',
      message:
        'Invalid pilot_active event: callsign: Invalid callsign: expected 1 to 64 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit',
      details: {
        type: 'pilot_active',
        issues: [
          {
            path: 'callsign',
            code: 'custom',
            message:
              'Invalid callsign: expected 1 to 64 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit',
          },
        ],
      },
    });
  });
});
