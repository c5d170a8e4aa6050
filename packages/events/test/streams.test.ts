import { expect, test } from 'bun:test';

import { EVENT_TYPES, streamIdOf, validateEvent } from '../src/index.js';
import { EVENT_STREAMS } from '../src/internal.js';
import { EXAMPLES } from './support/examples.js';

test('EVENT_STREAMS has a rule for every type, naming a required field', () => {
  expect(Object.keys(EVENT_STREAMS).sort()).toEqual([...EVENT_TYPES].sort());
});

test.each([...EVENT_TYPES])('streamIdOf(%s) is <kind>:<value of the field>', (type) => {
  const event = validateEvent(EXAMPLES[type]);
  const { kind, field } = EVENT_STREAMS[type];
  const value = (event as Record<string, unknown>)[field];
  expect(typeof value).toBe('string');
  expect(streamIdOf(event)).toBe(`${kind}:${String(value)}`);
});

test('examples', () => {
  expect(streamIdOf(validateEvent(EXAMPLES.sortie_started))).toBe('sortie:sortie-abc123');
  expect(streamIdOf(validateEvent(EXAMPLES.lock_acquired))).toBe('lock:deploy');
  expect(streamIdOf(validateEvent(EXAMPLES.fleet_recovered))).toBe('pilot:viper-1');
});
