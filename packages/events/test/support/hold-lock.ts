import type { FleetDB } from '@fleettools/db';

/**
 * Takes `db`'s write lock (an open `BEGIN IMMEDIATE` transaction, as another process would hold it) and
 * keeps it until the returned function is called; that function resolves once the lock is released.
 */
export async function holdWriteLock(db: FleetDB): Promise<() => Promise<void>> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = (): void => undefined;
  const holding = new Promise<void>((resolve) => {
    started = resolve;
  });
  const transaction = db.$client.transaction('write', async () => {
    started();
    await released;
  });
  await holding;
  return async () => {
    release();
    await transaction;
  };
}
