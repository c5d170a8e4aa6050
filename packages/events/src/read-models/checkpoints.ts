import { parseProjectKey } from '@fleettools/core';
import { checkpointsTable, type CheckpointRow, type FleetDB, inTurn } from '@fleettools/db';
import { and, desc, eq } from 'drizzle-orm';

import type { JsonObject } from '../types/json.js';
import { jsonObjectOf, pathListOf } from './values.js';

/** Whose latest checkpoint to find: a pilot's or a sortie's. */
export type CheckpointOwner = { readonly callsign: string } | { readonly sortie_id: string };

/** A checkpoint as values: `state` is the object that was saved, `files_modified` a list of paths. */
export type Checkpoint = Omit<CheckpointRow, 'state' | 'files_modified'> & {
  readonly state: JsonObject;
  readonly files_modified: string[] | null;
};

/** A stored checkpoint row read back as values. */
function checkpointOf(row: CheckpointRow): Checkpoint {
  return { ...row, state: jsonObjectOf(row.state), files_modified: pathListOf(row.files_modified) };
}

/** The newest checkpoint of a pilot or of a sortie; `null` when there is none. */
export async function getLatestCheckpoint(
  db: FleetDB,
  projectKey: string,
  owner: CheckpointOwner,
): Promise<Checkpoint | null> {
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
  return row === undefined ? null : checkpointOf(row);
}

/** One checkpoint by id; `null` when there is none. */
export async function getCheckpoint(
  db: FleetDB,
  projectKey: string,
  checkpointId: string,
): Promise<Checkpoint | null> {
  const [row] = await inTurn(db, () =>
    db
      .select()
      .from(checkpointsTable)
      .where(
        and(
          eq(checkpointsTable.project_key, parseProjectKey(projectKey)),
          eq(checkpointsTable.checkpoint_id, checkpointId),
        ),
      ),
  );
  return row === undefined ? null : checkpointOf(row);
}
