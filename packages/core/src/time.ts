import type { IsoTimestamp } from './brand.js';
import { TimestampValidationError } from './errors.js';

/** The canonical form FleetTools stores: UTC with exactly three fraction digits, so strings sort as instants. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Any ISO 8601 date-time with seconds and a zone (`Z` or `±hh:mm`), fractions of up to 9 digits. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The current instant as ISO 8601 UTC with milliseconds.
 *
 * @example nowIso() // '2025-01-09T14:30:00.000Z'
 */
export function nowIso(): IsoTimestamp {
  return new Date().toISOString() as IsoTimestamp;
}

/**
 * True when `value` is in the canonical stored form `YYYY-MM-DDTHH:mm:ss.sssZ` and names a real instant.
 * On the hot path of every event's validation, so the calendar is checked with arithmetic (month, day of
 * that month in that year, hour ≤ 23, minute and second ≤ 59): the same answer as formatting the instant back
 * with `Date` and comparing, at a fraction of the cost (a property test holds the two together).
 */
export function isIsoTimestamp(value: unknown): value is IsoTimestamp {
  if (typeof value !== 'string' || !CANONICAL_ISO.test(value)) return false;
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(twoDigits(value, 0) * 100 + twoDigits(value, 2), month) &&
    twoDigits(value, 11) <= 23 &&
    twoDigits(value, 14) <= 59 &&
    twoDigits(value, 17) <= 59
  );
}

/** The number written by the two ASCII digits of `text` at `at` (the pattern checked they are digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1–12) of `year` in the proleptic Gregorian calendar, as `Date` counts them. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * Parses an ISO 8601 date-time with seconds and a zone (`Z` or `±hh:mm`) into a `Date`.
 * Rejects date-only strings, missing zones, and impossible dates such as `2025-02-30T00:00:00Z`.
 *
 * @throws {TimestampValidationError} naming the input.
 */
export function parseIso(value: string): Date {
  if (!isRealInstant(value)) {
    throw new TimestampValidationError(
      value,
      'expected an ISO 8601 date-time such as 2025-01-09T14:30:00.000Z',
    );
  }
  return new Date(value);
}

/**
 * `iso` (any form `parseIso` accepts) moved by `ms` milliseconds, in canonical form.
 *
 * @throws {RangeError} `ms` is not finite, or the result falls outside years 0000–9999 (no canonical form).
 */
export function addMs(iso: string, ms: number): IsoTimestamp {
  if (!Number.isFinite(ms)) throw new RangeError(`addMs: ms must be a finite number, got ${String(ms)}`);
  const moved = new Date(parseIso(iso).getTime() + ms);
  const result = Number.isNaN(moved.getTime()) ? '' : moved.toISOString();
  if (!isIsoTimestamp(result)) {
    throw new RangeError(`addMs: ${iso} + ${String(ms)} ms falls outside years 0000–9999`);
  }
  return result;
}

function isRealInstant(value: string): boolean {
  const match = ISO_DATE_TIME.exec(value);
  if (match === null) return false;
  const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = match.map(Number);
  if (month === undefined || day === undefined || year === undefined) return false;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    (hour ?? 99) < 24 &&
    (minute ?? 99) < 60 &&
    (second ?? 99) < 60 &&
    (Number.isNaN(offsetHour) || (offsetHour ?? 0) < 24) &&
    (Number.isNaN(offsetMinute) || (offsetMinute ?? 0) < 60)
  );
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration for people. Whole units from the largest one present down to seconds; durations under a
 * second in milliseconds; the remainder below a second is dropped once the duration reaches one second.
 *
 * @throws {RangeError} for negative, NaN or infinite input.
 * @example
 * formatDuration(3_600_000) // '1h 0m 0s'
 * formatDuration(90_061_000) // '1d 1h 1m 1s'
 * formatDuration(1_500) // '1s'
 * formatDuration(250) // '250ms'
 * formatDuration(0) // '0ms'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`formatDuration: expected a finite, non-negative number of ms, got ${String(ms)}`);
  }
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = Math.floor((ms % MINUTE) / SECOND);
  if (days > 0) return `${days}d ${hours}h ${minutes}m ${seconds}s`;
  if (hours > 0) return `${hours}h ${minutes}m ${seconds}s`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}
