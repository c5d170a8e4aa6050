import { nowIso, parseProjectKey } from '@fleettools/core';
import { reservationsTable, type FleetDB, type ReservationRow } from '@fleettools/db';
import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';

import { inTurn } from '../write/write-queue.js';

/** Options of {@link getActiveReservations}. */
export interface ActiveReservationsOptions {
  /** Only reservations of exactly this stored path or glob (normalised, e.g. `src/a.ts`). */
  readonly path?: string;
  /** Only this pilot's reservations. */
  readonly callsign?: string;
  /** The instant to judge expiry at (default: now). */
  readonly at?: Date;
}

/**
 * Reservations not released and not expired at `at` (default now), one row per reserved path, by path.
 * Expired reservations drop out by themselves: no background job is needed.
 */
export async function getActiveReservations(
  db: FleetDB,
  projectKey: string,
  options: ActiveReservationsOptions = {},
): Promise<ReservationRow[]> {
  const at = options.at === undefined ? nowIso() : options.at.toISOString();
  const conditions: SQL[] = [
    eq(reservationsTable.project_key, parseProjectKey(projectKey)),
    isNull(reservationsTable.released_at),
    gt(reservationsTable.expires_at, at),
  ];
  if (options.path !== undefined) conditions.push(eq(reservationsTable.path, options.path));
  if (options.callsign !== undefined) conditions.push(eq(reservationsTable.callsign, options.callsign));
  return inTurn(db, () =>
    db
      .select()
      .from(reservationsTable)
      .where(and(...conditions))
      .orderBy(asc(reservationsTable.path), asc(reservationsTable.reservation_id)),
  );
}
