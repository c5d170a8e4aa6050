import { MAX_GLOB_ALTERNATIVES, normalizeProjectPath } from '@fleettools/core';
import { pathsOverlap, validateEvent } from '@fleettools/events';

import { messageSent } from '../lib/events.js';
import { measureOp } from '../lib/measure.js';
import type { Recorder } from '../lib/scenario.js';

/** `createEvent` and `validateEvent` of a typical `message_sent` (no database). */
export async function runValidate(recorder: Recorder): Promise<void> {
  const { fast } = recorder.config;
  let n = 0;
  await recorder.run(
    'validate.create',
    'events',
    'createEvent message_sent (ids, time, validation)',
    async () => ({
      fleet: await measureOp(() => messageSent((n += 1)), fast),
    }),
  );

  // What an agent's JSON looks like on the way in: a plain object, validated from scratch each time.
  const raw: unknown = JSON.parse(JSON.stringify(messageSent(0)));
  await recorder.run('validate.validate', 'events', 'validateEvent message_sent', async () => ({
    fleet: await measureOp(() => validateEvent(raw), fast),
  }));
}

/**
 * The nastiest pairs of patterns the validator accepts (32 brace alternatives, 32 wildcards, `**` runs, stars
 * that never meet), each decided by one `pathsOverlap`: the cost a stored pattern can add to a reservation
 * decision, inside the write lock.
 */
export const NASTIEST_GLOB_PAIRS: readonly (readonly [string, string])[] = [
  [`src/${'*a'.repeat(31)}x`, `src/${'*a'.repeat(31)}y`],
  [`{${alternatives('f')}}/${'*a'.repeat(30)}x`, `{${alternatives('f')}}/${'*a'.repeat(30)}y`],
  [`${'**/'.repeat(16)}${'*a'.repeat(15)}x`, `${'*/'.repeat(16)}${'*a'.repeat(15)}y`],
  [
    `src/${'{a,b}'.repeat(5)}${'*'.repeat(1)}${'?'.repeat(31)}`,
    `src/${'{a,b}'.repeat(5)}${'[a-z]'.repeat(31)}x`,
  ],
  [`${'*/'.repeat(31)}x`, `${'a/'.repeat(400)}y`],
];

function alternatives(prefix: string): string {
  return Array.from({ length: MAX_GLOB_ALTERNATIVES }, (_, i) => `${prefix}${String(i)}`).join(',');
}

/** One overlap decision between the nastiest accepted patterns, rotating through them. */
export async function runGlobOverlap(recorder: Recorder): Promise<void> {
  const { fast } = recorder.config;
  let n = 0;
  await recorder.run(
    'validate.glob-overlap',
    'events',
    'pathsOverlap, nastiest accepted patterns (one decision)',
    async () => {
      const accepted = NASTIEST_GLOB_PAIRS.flat().every(
        (pattern) => normalizeProjectPath(pattern) === pattern,
      );
      const fleet = await measureOp(() => {
        const [a, b] = NASTIEST_GLOB_PAIRS[(n += 1) % NASTIEST_GLOB_PAIRS.length] ?? ['', ''];
        return pathsOverlap(a, b);
      }, fast);
      return {
        fleet,
        checks: [{ name: 'every pattern passes validation', ok: accepted, detail: 'normalizeProjectPath' }],
      };
    },
  );
}
