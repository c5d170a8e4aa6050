import { PILOT_STATUS, parseProjectKey } from '@fleettools/core';
import { pilotsTable, type FleetDB, type PilotRow, inTurn } from '@fleettools/db';
import { and, asc, eq } from 'drizzle-orm';

import { isPilotLive } from '../coordination/liveness.js';

/** Options of {@link getActivePilots}. */
export interface ActivePilotsOptions {
  /** The instant to judge liveness at (default: now). */
  readonly at?: Date;
}

/**
 * Registered pilots whose last heartbeat is within their TTL at `at` (default now), by callsign. A pilot
 * that stopped sending `pilot_active` is stale and left out, without any background job.
 */
export async function getActivePilots(
  db: FleetDB,
  projectKey: string,
  options: ActivePilotsOptions = {},
): Promise<PilotRow[]> {
  const at = (options.at ?? new Date()).getTime();
  const rows = await inTurn(db, () =>
    db
      .select()
      .from(pilotsTable)
      .where(
        and(
          eq(pilotsTable.project_key, parseProjectKey(projectKey)),
          eq(pilotsTable.status, PILOT_STATUS.ACTIVE),
        ),
      )
      .orderBy(asc(pilotsTable.callsign)),
  );
  return rows.filter((pilot) => isPilotLive(pilot, at));
}

/** One pilot by callsign, registered or not any more; `null` when it never registered. */
export async function getPilot(db: FleetDB, projectKey: string, callsign: string): Promise<PilotRow | null> {
  const [row] = await inTurn(db, () =>
    db
      .select()
      .from(pilotsTable)
      .where(
        and(eq(pilotsTable.project_key, parseProjectKey(projectKey)), eq(pilotsTable.callsign, callsign)),
      ),
  );
  return row ?? null;
}

/** Every pilot that ever registered in the project, active or deregistered, by callsign. */
export async function listPilots(db: FleetDB, projectKey: string): Promise<PilotRow[]> {
  return inTurn(db, () =>
    db
      .select()
      .from(pilotsTable)
      .where(eq(pilotsTable.project_key, parseProjectKey(projectKey)))
      .orderBy(asc(pilotsTable.callsign)),
  );
}
