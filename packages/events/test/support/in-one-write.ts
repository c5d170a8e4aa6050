import type { FleetDB } from '@fleettools/db';

/** Runs the statements in one write transaction of `db`, all or nothing. */
export async function inOneWrite(db: FleetDB, statements: readonly string[]): Promise<void> {
  await db.$client.transaction('write', async (tx) => {
    for (const sql of statements) await tx.run({ sql });
  });
}
