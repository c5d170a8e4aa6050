import { parseProjectKey } from '@fleettools/core';
import { checkpointsTable, type CheckpointRow, type FleetDB, inTurn } from '@fleettools/db';
import { and, desc, eq } from 'drizzle-orm';

/** Whose latest checkpoint to find: a pilot's or a sortie's. */
export type CheckpointOwner = { readonly callsign: string } | { readonly sortie_id: string };

/** The newest checkpoint of a pilot or of a sortie; `null` when there is none. */
export async function getLatestCheckpoint(
  db: FleetDB,
  projectKey: string,
  owner: CheckpointOwner,
): Promise<CheckpointRow | null> {
  const ownedBy =
    'callsign' in owner
      ? eq(checkpointsTable.callsign, owner.callsign)
      : eq(checkpointsTable.sortie_id, owner.sortie_id);
  const [row] = await inTurn(db, () =>
    db
      .select()
      .from(checkpointsTable)
      .where(and(eq(checkpointsTable.project_key, parseProjectKey(projectKey)), ownedBy))
      .orderBy(desc(checkpointsTable.created_at), desc(checkpointsTable.checkpoint_id))
      .limit(1),
  );
  return row ?? null;
}
