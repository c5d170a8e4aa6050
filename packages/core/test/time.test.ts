import { describe, expect, test } from 'bun:test';

import fc from 'fast-check';

import {
  TimestampValidationError,
  addMs,
  formatDuration,
  isIsoTimestamp,
  nowIso,
  parseIso,
} from '../src/index.js';

describe('nowIso', () => {
  test('is canonical ISO 8601 UTC with milliseconds, close to now', () => {
    const iso = nowIso();
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(iso) - Date.now())).toBeLessThan(1000);
    expect(isIsoTimestamp(iso)).toBe(true);
  });
});

describe('isIsoTimestamp (the stored form)', () => {
  test.each(['2025-01-09T14:30:00.000Z', '2024-02-29T23:59:59.999Z'])('%j is canonical', (value) => {
    expect(isIsoTimestamp(value)).toBe(true);
  });

  test.each([
    '2025-01-09T14:30:00Z',
    '2025-01-09T14:30:00.000+01:00',
    '2025-02-30T00:00:00.000Z',
    '2023-02-29T00:00:00.000Z',
    '2025-13-01T00:00:00.000Z',
    '2025-01-09T24:00:00.000Z',
    '2025-01-09',
    42,
  ])('%j is not canonical', (value) => {
    expect(isIsoTimestamp(value)).toBe(false);
  });

  // Invariant: the arithmetic calendar check agrees with Date's own: a canonical-looking string is accepted
  // exactly when formatting the instant it names gives the same text back.
  // Regression: parseIso judged February of years 0–99 by Date.UTC, which reads them as 1900–1999.
  test('year 0000 is a leap year for parseIso too', () => {
    expect(isIsoTimestamp('0000-02-29T00:00:00.000Z')).toBe(true);
    expect(parseIso('0000-02-29T00:00:00.000Z').toISOString()).toBe('0000-02-29T00:00:00.000Z');
  });

  test('agrees_with_the_date_round_trip', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const candidate = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two(13),
        two(32),
        two(25),
        two(61),
        two(61),
        fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
      )
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(candidate, (value) => {
        const ms = Date.parse(value);
        const roundTrips = !Number.isNaN(ms) && new Date(ms).toISOString() === value;
        expect(isIsoTimestamp(value)).toBe(roundTrips);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('parseIso', () => {
  test.each([
    ['2025-01-09T14:30:00.000Z', '2025-01-09T14:30:00.000Z'],
    ['2025-01-09T14:30:00Z', '2025-01-09T14:30:00.000Z'],
    ['2025-01-09T15:30:00+01:00', '2025-01-09T14:30:00.000Z'],
    ['2025-01-09T14:30:00.123456789Z', '2025-01-09T14:30:00.123Z'],
  ])('%j parses to %j', (input, expected) => {
    expect(parseIso(input).toISOString()).toBe(expected);
  });

  test.each([
    '',
    'now',
    '2025-01-09',
    '2025-01-09T14:30',
    '2025-01-09T14:30:00',
    '2025-01-09 14:30:00Z',
    '2025-02-30T00:00:00Z',
    '2025-00-10T00:00:00Z',
    '2025-01-00T00:00:00Z',
    '2025-01-09T14:60:00Z',
    '2025-01-09T14:30:60Z',
    '2025-01-09T14:30:00+24:00',
    '2025-01-09T14:30:00+01:60',
    'Thu, 09 Jan 2025 14:30:00 GMT',
  ])('%j is rejected with TimestampValidationError', (input) => {
    expect(() => parseIso(input)).toThrow(TimestampValidationError);
  });

  test('the error carries code and input', () => {
    try {
      parseIso('yesterday');
      throw new Error('unreachable');
    } catch (error) {
      expect((error as TimestampValidationError).code).toBe('TIMESTAMP_INVALID');
      expect((error as TimestampValidationError).details).toMatchObject({ input: 'yesterday' });
    }
  });
});

describe('addMs', () => {
  test('moves an instant by a TTL, canonical result', () => {
    expect<string>(addMs('2025-01-09T14:30:00Z', 90_000)).toBe('2025-01-09T14:31:30.000Z');
    expect<string>(addMs('2025-01-09T14:30:00.000Z', -1)).toBe('2025-01-09T14:29:59.999Z');
  });

  test('rejects non-finite offsets and bad instants', () => {
    expect(() => addMs('2025-01-09T14:30:00Z', Number.NaN)).toThrow(RangeError);
    expect(() => addMs('2025-01-09T14:30:00Z', Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addMs('soon', 1)).toThrow(TimestampValidationError);
  });

  // Regression: past year 9999 the result was '+010000-…', which no FleetTools timestamp check accepts.
  test('a result outside years 0000–9999 is a RangeError', () => {
    expect(() => addMs('9999-12-31T23:59:59.999Z', 1)).toThrow(RangeError);
    expect(() => addMs('2025-01-09T14:30:00Z', 1e20)).toThrow(RangeError);
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0ms'],
    [1, '1ms'],
    [250.4, '250ms'],
    [999, '999ms'],
    [1000, '1s'],
    [1500, '1s'],
    [59_999, '59s'],
    [61_000, '1m 1s'],
    [3_600_000, '1h 0m 0s'],
    [3_661_000, '1h 1m 1s'],
    [86_400_000, '1d 0h 0m 0s'],
    [90_061_000, '1d 1h 1m 1s'],
    [400 * 86_400_000, '400d 0h 0m 0s'],
  ])('%d ms is %j', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    '%d is a RangeError, not "NaNh"',
    (ms) => {
      expect(() => formatDuration(ms)).toThrow(RangeError);
    },
  );
});
