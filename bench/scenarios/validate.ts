import { validateEvent } from '@fleettools/events';

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
