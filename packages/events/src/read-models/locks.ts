import { parseProjectKey } from '@fleettools/core';
import { inTurn, locksTable, type FleetDB, type LockRow } from '@fleettools/db';
import { and, eq } from 'drizzle-orm';

/** The lock on a resource as last acquired (released or expired or not); `null` when never taken. */
export async function getLock(db: FleetDB, projectKey: string, resource: string): Promise<LockRow | null> {
  const [row] = await inTurn(db, () =>
    db
      .select()
      .from(locksTable)
      .where(and(eq(locksTable.project_key, parseProjectKey(projectKey)), eq(locksTable.resource, resource))),
  );
  return row ?? null;
}
