/**
 * Table-driven checks over the whole catalog: for every type, its full example validates; dropping any
 * required field, giving any field a value of the wrong type, or adding an unknown key fails, naming the path.
 */
import { describe, expect, test } from 'bun:test';

import { EventValidationError, validateEvent, safeValidateEvent, type FleetEventType } from '../src/index.js';
import { EXAMPLES } from './support/examples.js';
import { requiredFields, schemaOf, TYPES, without } from './support/schemas.js';

/** A value of another JSON type than `value`, never valid where `value` is. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number' || typeof value === 'boolean') return 'not-the-right-type';
  if (Array.isArray(value)) return 'not-an-array';
  return 'not-an-object';
}

function example(type: FleetEventType): Record<string, unknown> {
  return { ...EXAMPLES[type] };
}

function issuePaths(raw: unknown): string[] {
  const result = safeValidateEvent(raw);
  if (result.success) throw new Error('expected validation to fail');
  return result.error.details.issues.map((issue) => issue.path);
}

test('the examples cover every type', () => {
  expect(Object.keys(EXAMPLES).sort()).toEqual([...TYPES].sort());
});

describe.each(TYPES)('%s', (type) => {
  test('its full example validates unchanged', () => {
    expect(validateEvent(EXAMPLES[type])).toEqual(EXAMPLES[type] as never);
  });

  test.each(requiredFields(type))('missing %s fails naming it', (field) => {
    const result = safeValidateEvent(without(EXAMPLES[type], field));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toBeInstanceOf(EventValidationError);
    expect(result.error.code).toBe('EVENT_INVALID');
    expect(result.error.details.issues.map((issue) => issue.path)).toContain(field);
    expect(result.error.message).toContain(`${field}: `);
  });

  test.each(Object.keys(EXAMPLES[type]))('a wrong type for %s fails naming it', (field) => {
    const raw = example(type);
    raw[field] = wrongTypeFor(raw[field]);
    expect(issuePaths(raw)).toContain(field);
  });

  test('an unknown key fails', () => {
    const result = safeValidateEvent({ ...example(type), unexpected: true });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.details.type).toBe(type);
    expect(result.error.details.issues).toEqual([
      { path: '', code: 'unrecognized_keys', message: 'Unrecognized key: "unexpected"' },
    ]);
  });

  test.each(['__proto__', 'constructor', 'toString'])('an own %s key from JSON.parse fails', (key) => {
    const raw: unknown = JSON.parse(
      JSON.stringify(example(type)).replace(/^\{/, `{"${key}":{"polluted":true},`),
    );
    expect(Object.keys(raw as object)).toContain(key);
    expect(issuePaths(raw)).toEqual(['']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('its schema is strict and reachable from the union', () => {
    expect(schemaOf(type).shape.type.value).toBe(type);
  });
});
