/**
 * Property tests: every event the arbitraries make validates (unchanged, since they are already in normal
 * form), and every mutation of one (a required field dropped, an unknown key added, a field of the wrong
 * type) never does. Coherent sequences validate as a whole.
 */
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';

import {
  EVENT_TYPES,
  safeValidateEvent,
  streamIdOf,
  validateEvent,
  type FleetEventType,
} from '../src/index.js';
import { arbitraryEvent, arbitraryEventSequence, arbitraryFleetEvent } from './support/arbitraries.js';
import { requiredFields, without } from './support/schemas.js';

const RUNS = { numRuns: 100 };

/** A value of another JSON type than `value`, never valid where `value` is. */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'string')
    return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]));
  if (typeof value === 'number') return fc.oneof(fc.string(), fc.boolean(), fc.constant(null));
  if (typeof value === 'boolean') return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  if (Array.isArray(value)) return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]));
}

describe.each([...EVENT_TYPES])('%s', (type: FleetEventType) => {
  test('generated events always validate, unchanged', () => {
    fc.assert(
      fc.property(arbitraryEvent(type), (raw) => {
        expect(validateEvent(raw)).toMatchObject(raw);
      }),
      RUNS,
    );
  });

  test('dropping a required field never validates', () => {
    const required = requiredFields(type);
    fc.assert(
      fc.property(arbitraryEvent(type), fc.constantFrom(...required), (raw, field) => {
        expect(safeValidateEvent(without(raw, field)).success).toBe(false);
      }),
      RUNS,
    );
  });

  test('an unknown key never validates', () => {
    fc.assert(
      fc.property(arbitraryEvent(type), fc.string({ minLength: 1 }), (raw, key) => {
        fc.pre(!(key in raw));
        expect(safeValidateEvent({ ...raw, [`x_${key}`]: 1 }).success).toBe(false);
        const json = JSON.stringify(raw).replace(/^\{/, '{"__proto__":{"admin":true},');
        expect(safeValidateEvent(JSON.parse(json)).success).toBe(false);
      }),
      RUNS,
    );
  });

  test('a field of the wrong type never validates', () => {
    const withWrongField = arbitraryEvent(type).chain((raw) =>
      fc
        .constantFrom(...Object.keys(raw))
        .chain((field) =>
          wrongTypeFor((raw as Record<string, unknown>)[field]).map((value) => ({ ...raw, [field]: value })),
        ),
    );
    fc.assert(
      fc.property(withWrongField, (mutated) => {
        expect(safeValidateEvent(mutated).success).toBe(false);
      }),
      RUNS,
    );
  });
});

test('arbitraryFleetEvent covers the catalog and always validates', () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(arbitraryFleetEvent(), (raw) => {
      seen.add(validateEvent(raw).type);
    }),
    { numRuns: 1000 },
  );
  expect(seen.size).toBe(EVENT_TYPES.length);
});

test('arbitraryEventSequence makes coherent, valid sequences', () => {
  fc.assert(
    fc.property(arbitraryEventSequence(), (sequence) => {
      const events = sequence.map((raw) => validateEvent(raw));
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
      expect(new Set<string>(events.map((event) => event.project_key))).toEqual(new Set(['/test/project']));
      for (let index = 1; index < events.length; index++) {
        expect((events[index]?.timestamp ?? '') > (events[index - 1]?.timestamp ?? '')).toBe(true);
      }
      const registered = new Set<string>();
      const created = new Set<string>();
      for (const event of events) {
        if (event.type === 'pilot_registered') registered.add(event.callsign);
        else if (event.type === 'pilot_spawned') expect(registered.has(event.spawned_by)).toBe(true);
        else if ('callsign' in event && event.callsign !== undefined) {
          expect(registered.has(event.callsign)).toBe(true);
        }
        if (event.type.endsWith('_created')) created.add(streamIdOf(event));
        if (event.type.startsWith('sortie_') || event.type.startsWith('mission_')) {
          expect(created.has(streamIdOf(event))).toBe(true);
        }
      }
    }),
    RUNS,
  );
});
