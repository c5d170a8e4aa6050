/** fast-check arbitraries of valid field values: ids, callsigns, timestamps, texts, paths, TTLs, JSON. */
import { ID_PREFIXES, TTL, type IdKind } from '@fleettools/core';
import fc from 'fast-check';

import { SHORT, type JsonObject } from '../../src/index.js';

/** An id of the given kind: its prefix, a dash and 1–64 URL-safe characters. */
export function arbitraryId(kind: IdKind): fc.Arbitrary<string> {
  return fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).map((body) => `${ID_PREFIXES[kind]}-${body}`);
}

/** A callsign: 1–64 characters of `A-Z a-z 0-9 _ . -`, starting with a letter or digit. */
export const arbitraryCallsign = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);

/** A project key: 1–100 printable ASCII characters. */
export const arbitraryProjectKey = fc.oneof(
  fc.constant('/test/project'),
  fc.string({ minLength: 1, maxLength: 100 }),
);

/** A canonical timestamp between 2000 and 2100. */
export const arbitraryTimestamp = fc
  .date({
    min: new Date('2000-01-01T00:00:00.000Z'),
    max: new Date('2100-01-01T00:00:00.000Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());

/** Free text may hold any well-formed Unicode but NUL (which SQLite TEXT columns would cut at). */
const withoutNul = (text: string): string => text.replaceAll('\u0000', ' ');

/** A title or subject: 1–200 UTF-16 code units, ASCII or any Unicode, spaces kept. */
export const arbitraryShortText = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: SHORT }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: SHORT / 2 }),
  )
  .map(withoutNul);

/** A body or reason: 1–500 code units, ASCII or any Unicode (well under the 64 KiB bound). */
export const arbitraryText = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 500 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 250 }),
  )
  .map(withoutNul);

/** A path or glob already in normal form (so it validates unchanged): 1–4 segments, none `.` or `..`. */
export const arbitraryPath = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_*?{}-][A-Za-z0-9_.*?{},-]{0,20}$/), { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'));

/** A TTL in ms between `TTL.MIN` and `TTL.MAX`. */
export const arbitraryTtl = fc.integer({ min: TTL.MIN, max: TTL.MAX });

/** A count ≥ 0. */
export const arbitraryCount = fc.nat();

/** A small JSON object (checkpoint state). */
export const arbitraryJsonObject: fc.Arbitrary<JsonObject> = fc.dictionary(
  fc.string({ maxLength: 10 }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonObject[string]>,
  { maxKeys: 5 },
);
