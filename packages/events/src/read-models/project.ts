import {
  eventsTable,
  inTurn,
  projectIdentityTable,
  type FleetDB,
  type ProjectIdentityRow,
} from '@fleettools/db';

/** The project's identity, recorded once when its database was created by `fleet init`; `null` before that. */
export async function getProjectIdentity(db: FleetDB): Promise<ProjectIdentityRow | null> {
  const [row] = await inTurn(db, () => db.select().from(projectIdentityTable).limit(2));
  return row ?? null;
}

/** Every project key the live event log holds events of, sorted (a database made before identities: one key). */
export async function getStoredProjectKeys(db: FleetDB): Promise<string[]> {
  const rows = await inTurn(db, () =>
    db
      .selectDistinct({ project_key: eventsTable.project_key })
      .from(eventsTable)
      .orderBy(eventsTable.project_key),
  );
  return rows.map((row) => row.project_key);
}
