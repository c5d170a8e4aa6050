import { inTurn, missionsTable, type FleetDB, type MissionRow } from '@fleettools/db';
import { desc, eq } from 'drizzle-orm';

/** How many missions the board lists (the newest). */
export const MISSIONS_LISTED = 50;

/** The newest missions of the project. */
export async function listMissions(db: FleetDB, projectKey: string): Promise<MissionRow[]> {
  return inTurn(db, () =>
    db
      .select()
      .from(missionsTable)
      .where(eq(missionsTable.project_key, projectKey))
      .orderBy(desc(missionsTable.created_at), desc(missionsTable.mission_id))
      .limit(MISSIONS_LISTED),
  );
}
