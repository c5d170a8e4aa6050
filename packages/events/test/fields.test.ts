import { TTL } from '@fleettools/core';
import { describe, expect, test } from 'bun:test';

import { MAX_STATE_BYTES, safeValidateEvent, SHORT, TEXT, validateEvent } from '../src/index.js';
import { MAX_STATE_DEPTH } from '../src/internal.js';
import { EXAMPLES } from './support/examples.js';
import { without } from './support/schemas.js';

/** The issues of validating `raw`, as `path: message` lines; `[]` when valid. */
function problems(raw: unknown): string[] {
  const result = safeValidateEvent(raw);
  return result.success ? [] : result.error.details.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('ids and callsigns', () => {
  test('hand-written ids with the right prefix are valid', () => {
    expect(problems({ ...EXAMPLES.sortie_started, sortie_id: 'sortie-abc123' })).toEqual([]);
    expect(problems({ ...EXAMPLES.sortie_started, sortie_id: 'sortie-A_b-9' })).toEqual([]);
  });

  test.each(['mission-abc', 'sortie-', 'sortie-a b', `sortie-${'x'.repeat(65)}`, 'sortie-é'])(
    'sortie id %p is rejected',
    (sortie_id) => {
      expect(problems({ ...EXAMPLES.sortie_started, sortie_id })).toEqual([
        "sortie_id: Invalid sortie id: expected 'sortie-' followed by 1 to 64 characters of A-Z a-z 0-9 _ -",
      ]);
    },
  );

  test.each(['viper-1', 'Alpha.2', '9lives', 'a'.repeat(64)])('callsign %p is valid', (callsign) => {
    expect(problems({ ...EXAMPLES.pilot_active, callsign })).toEqual([]);
  });

  test.each(['', '-lead', 'has space', 'a'.repeat(65), 'slash/name'])(
    'callsign %p is rejected',
    (callsign) => {
      expect(problems({ ...EXAMPLES.pilot_active, callsign })[0]).toStartWith('callsign: Invalid callsign');
    },
  );

  test('a missing field says what was expected', () => {
    expect(problems(without(EXAMPLES.pilot_active, 'callsign'))).toEqual([
      'callsign: Invalid input: expected callsign, received undefined',
    ]);
  });
});

describe('envelope', () => {
  test.each(['', 'a\u0000b', 'x'.repeat(1025)])('project key %#', (project_key) => {
    expect(problems({ ...EXAMPLES.pilot_active, project_key })[0]).toStartWith(
      'project_key: Invalid project key',
    );
  });

  test.each([
    '2025-01-09T14:30:00Z',
    '2025-01-09T14:30:00.000+00:00',
    '2025-02-30T00:00:00.000Z',
    '2025-01-09',
  ])('timestamp %p is not canonical', (timestamp) => {
    expect(problems({ ...EXAMPLES.pilot_active, timestamp })[0]).toStartWith('timestamp: Invalid timestamp');
  });

  test('sequence, stream_version and metadata', () => {
    const metadata = { correlation_id: 'evt-a', causation_id: 'evt-b', actor: 'viper-1' };
    expect(problems({ ...EXAMPLES.pilot_active, sequence: 1, stream_version: 7, metadata })).toEqual([]);
    expect(problems({ ...EXAMPLES.pilot_active, sequence: 0, stream_version: 1.5 })).toEqual([
      'sequence: Too small: expected number to be >=1',
      'stream_version: Invalid input: expected int, received number',
    ]);
    expect(problems({ ...EXAMPLES.pilot_active, metadata: { actor: 'viper-1', extra: 1 } })).toEqual([
      'metadata: Unrecognized key: "extra"',
    ]);
    expect(problems({ ...EXAMPLES.pilot_active, metadata: { causation_id: 'msg-1' } })[0]).toStartWith(
      'metadata.causation_id: Invalid event id',
    );
  });
});

describe('bounded text', () => {
  test('SHORT is 200 characters', () => {
    expect(problems({ ...EXAMPLES.sortie_created, title: 'x'.repeat(SHORT) })).toEqual([]);
    expect(problems({ ...EXAMPLES.sortie_created, title: 'x'.repeat(SHORT + 1) })).toEqual([
      'title: Too big: expected string to have <=200 characters',
    ]);
    expect(problems({ ...EXAMPLES.sortie_created, title: '' })).toEqual([
      'title: Too small: expected string to have >=1 characters',
    ]);
  });

  test('TEXT is 64 KiB of UTF-8', () => {
    expect(problems({ ...EXAMPLES.sortie_created, description: 'x'.repeat(TEXT) })).toEqual([]);
    expect(problems({ ...EXAMPLES.sortie_created, description: 'x'.repeat(TEXT + 1) })).toEqual([
      'description: Too big: expected string to have <=65536 UTF-8 bytes',
    ]);
    expect(problems({ ...EXAMPLES.sortie_created, description: 'é'.repeat(TEXT / 2) })).toEqual([]);
    expect(problems({ ...EXAMPLES.sortie_created, description: 'é'.repeat(TEXT / 2 + 1) })).toEqual([
      'description: Too big: expected string to have <=65536 UTF-8 bytes',
    ]);
  });

  test('a 5 MB body is an error', () => {
    expect(problems({ ...EXAMPLES.message_sent, body: 'x'.repeat(5 * 1024 * 1024) })).toHaveLength(1);
  });
});

describe('numbers and lists', () => {
  test('ttl_ms is an integer between TTL.MIN and TTL.MAX', () => {
    for (const ttl_ms of [TTL.MIN, TTL.MAX])
      expect(problems({ ...EXAMPLES.file_renewed, ttl_ms })).toEqual([]);
    for (const ttl_ms of [TTL.MIN - 1, TTL.MAX + 1, 1500.5, Number.NaN]) {
      expect(problems({ ...EXAMPLES.file_renewed, ttl_ms })).toHaveLength(1);
    }
  });

  test('progress is 0–100 and position is ≥ 0', () => {
    expect(problems({ ...EXAMPLES.sortie_progress, progress: 101 })).toHaveLength(1);
    expect(problems({ ...EXAMPLES.sortie_progress, progress: -1 })).toHaveLength(1);
    expect(problems({ ...EXAMPLES.cursor_moved, position: 0 })).toEqual([]);
    expect(problems({ ...EXAMPLES.cursor_moved, position: -1 })).toHaveLength(1);
  });

  test('to has 1–100 callsigns, paths 1–100 paths', () => {
    expect(problems({ ...EXAMPLES.message_sent, to: [] })).toEqual([
      'to: Too small: expected array to have >=1 items',
    ]);
    expect(problems({ ...EXAMPLES.message_sent, to: Array.from({ length: 101 }, () => 'v') })).toHaveLength(
      1,
    );
    expect(problems({ ...EXAMPLES.file_reserved, paths: [] })).toHaveLength(1);
    expect(problems({ ...EXAMPLES.message_sent, to: ['ok', 'not ok'] })[0]).toStartWith(
      'to.1: Invalid callsign',
    );
  });

  test('enums', () => {
    expect(problems({ ...EXAMPLES.message_sent, importance: 'critical' })).toHaveLength(1);
    expect(problems({ ...EXAMPLES.file_reserved, mode: 'open' })).toHaveLength(1);
    expect(problems({ ...EXAMPLES.file_conflict, resolution: 'ignored' })).toHaveLength(1);
  });
});

describe('paths', () => {
  test('are normalised', () => {
    const event = validateEvent({
      ...EXAMPLES.file_reserved,
      paths: ['./src//a.ts', 'src\\win.ts', '**/*.md', './src//parser//', 'src/cafe\u0301.ts'],
    });
    expect(event.type === 'file_reserved' && event.paths).toEqual([
      'src/a.ts',
      'src/win.ts',
      '**/*.md',
      'src/parser/',
      'src/caf\u00e9.ts',
    ]);
  });

  test.each([
    ['../etc/passwd', 'it escapes the project root'],
    ['/etc/passwd', 'absolute paths are not allowed'],
    ['.', 'it names the project root itself'],
    ['a\u0000b', 'control character'],
  ])('%p is rejected', (path, reason) => {
    const [problem = ''] = problems({ ...EXAMPLES.file_reserved, paths: ['ok.ts', path] });
    expect(problem).toStartWith('paths.1: Invalid path');
    expect(problem).toContain(reason);
  });

  test('conflict entries are strict and their paths checked', () => {
    const [conflict] = EXAMPLES.file_conflict.conflicts;
    expect(
      problems({ ...EXAMPLES.file_conflict, conflicts: [{ ...conflict, path: '../x' }] })[0],
    ).toStartWith('conflicts.0.path: Invalid path');
    expect(problems({ ...EXAMPLES.file_conflict, conflicts: [{ ...conflict, extra: 1 }] })).toEqual([
      'conflicts.0: Unrecognized key: "extra"',
    ]);
  });
});

describe('checkpoint state', () => {
  const withState = (state: unknown) => problems({ ...EXAMPLES.checkpoint_created, state });

  test('accepts a JSON object of up to 256 KiB', () => {
    expect(withState({})).toEqual([]);
    expect(withState(Object.create(null) as object)).toEqual([]);
    expect(withState({ text: 'x'.repeat(MAX_STATE_BYTES - 20) })).toEqual([]);
  });

  /** An object nested `depth` levels deep (the object itself is level 1), built without recursion. */
  const nested = (depth: number): Record<string, unknown> => {
    let state: Record<string, unknown> = { leaf: '{[\\"' };
    for (let level = 1; level < depth; level++) state = { a: state };
    return state;
  };

  test(`accepts nesting up to MAX_STATE_DEPTH (${MAX_STATE_DEPTH}) levels, strings aside`, () => {
    expect(withState({ a: { b: [[{ c: '[[[[{{{{' }]] } })).toEqual([]);
    expect(withState(nested(MAX_STATE_DEPTH))).toEqual([]);
    const deepest = { a: [] as unknown[] };
    let inner: unknown[] = deepest.a;
    for (let level = 2; level < MAX_STATE_DEPTH; level++) {
      const next: unknown[] = [];
      inner.push(next);
      inner = next;
    }
    expect(withState(deepest)).toEqual([]);
  });

  // It used to spend 5-10 s of CPU and end in a raw RangeError; now a typed error in milliseconds.
  test('refuses state nested 30,000 levels deep (under 256 KiB) at once, with a typed error', () => {
    const state = nested(30_000);
    expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThan(MAX_STATE_BYTES);
    const started = performance.now();
    expect(withState(state)).toEqual([
      `state: Invalid JSON object: it is cyclic or nests deeper than ${MAX_STATE_DEPTH} levels`,
    ]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(withState(nested(MAX_STATE_DEPTH + 1))).toHaveLength(1);
  });

  test('rejects larger JSON text', () => {
    expect(withState({ text: 'x'.repeat(MAX_STATE_BYTES) })).toEqual([
      'state: Too big: expected JSON text of <=262144 UTF-8 bytes',
    ]);
  });

  test.each([
    [[], 'state: Invalid input: expected a JSON object, received array'],
    [null, 'state: Invalid input: expected a JSON object, received null'],
    ['{}', 'state: Invalid input: expected a JSON object, received string'],
    [new Date(0), 'state: Invalid input: expected a JSON object, received object'],
    [{ a: undefined }, 'state.a: Invalid JSON value'],
    [{ a: [1, 2, Number.NaN] }, 'state.a.2: Invalid JSON value'],
    [{ a: { b: new Map() } }, 'state.a.b: Invalid JSON value'],
    [{ f: () => 1 }, 'state.f: Invalid JSON value'],
    [{ big: 1n }, 'state: Invalid JSON object: it is cyclic or too deep'],
  ])('rejects %p', (state, message) => {
    expect(withState(state)).toEqual([message]);
  });

  test('rejects cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(withState(cyclic)).toEqual([
      `state: Invalid JSON object: it is cyclic or nests deeper than ${MAX_STATE_DEPTH} levels`,
    ]);
  });
});
