import { setTimeout as sleep } from 'node:timers/promises';

import { driverCode } from './errors.js';

/** Shortest time the open path keeps retrying a step that failed with `SQLITE_BUSY`, in ms. */
export const MIN_BUSY_RETRY_BUDGET_MS = 1000;
const MAX_DELAY_MS = 100;

/**
 * Runs `step`, retrying with exponential back-off and jitter (2 ms doubling to 100 ms) while it fails with
 * `SQLITE_BUSY`, for at most `budgetMs` (never less than {@link MIN_BUSY_RETRY_BUDGET_MS}).
 *
 * SQLite returns `SQLITE_BUSY` at once, without calling the busy handler, in a few cases that happen when
 * many processes open a brand-new file together (switching it to WAL, recovering the WAL index); the
 * busy timeout does not help there, a retry does. `beforeRetry` runs before each new attempt (the open
 * path reopens the connection there: @libsql/client 0.18.0 cannot commit on a connection after a
 * statement of it failed with `SQLITE_BUSY`).
 */
export async function retryOnBusy<T>(
  step: () => Promise<T>,
  budgetMs: number,
  beforeRetry: () => void = () => undefined,
): Promise<T> {
  const deadline = Date.now() + Math.max(budgetMs, MIN_BUSY_RETRY_BUDGET_MS);
  let delay = 2;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (driverCode(error) !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
      beforeRetry();
    }
  }
}
