import { SqlError } from './errors.js';

/** Shortest time the open path keeps retrying a step that failed with `SQLITE_BUSY`, in ms. */
export const MIN_BUSY_RETRY_BUDGET_MS = 1000;
const MAX_DELAY_MS = 100;

/**
 * Runs `step`, retrying with exponential back-off and jitter (2 ms doubling to 100 ms) while it fails with
 * `SQLITE_BUSY`, for at most `budgetMs` (never less than {@link MIN_BUSY_RETRY_BUDGET_MS}). Synchronous: the
 * thread sleeps between attempts (`createFleetDb` is synchronous, and nothing else can use the connection
 * before it returns).
 *
 * SQLite returns `SQLITE_BUSY` at once, without calling the busy handler, in a few cases that happen when
 * many processes open a brand-new file together (switching it to WAL, recovering the WAL index); the busy
 * timeout does not help there, a retry does.
 */
export function retryOnBusy<T>(step: () => T, budgetMs: number): T {
  const deadline = Date.now() + Math.max(budgetMs, MIN_BUSY_RETRY_BUDGET_MS);
  let delay = 2;
  for (;;) {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof SqlError && error.busy) || Date.now() >= deadline) throw error;
      sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds. */
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
