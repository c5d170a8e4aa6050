import { normalizeProjectPath, nowIso, parseProjectKey } from '@fleettools/core';
import { reservationsTable, type FleetDB, type ReservationRow, inTurn } from '@fleettools/db';
import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';

import { pathsOverlap } from '../coordination/glob-overlap.js';

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

/** Options of {@link getHolders}. */
export interface HoldersOptions {
  /** The instant to judge expiry at (default: now). */
  readonly at?: Date;
}

/**
 * Who holds a path (or glob) now: every active reservation whose path or glob overlaps it, by the same rule
 * the store enforces (`pathsOverlap`): `src/a.ts` is held by a reservation of `src/**`, and so on.
 *
 * @throws {PathValidationError} `path` is not a valid project path.
 * @example (await getHolders(db, '/repo', 'src/parser.ts')).map((r) => r.callsign)
 */
export async function getHolders(
  db: FleetDB,
  projectKey: string,
  path: string,
  options: HoldersOptions = {},
): Promise<ReservationRow[]> {
  const wanted = normalizeProjectPath(path);
  const active = await getActiveReservations(db, projectKey, options);
  return active.filter((reservation) => pathsOverlap(wanted, reservation.path));
}

/** One reservation with all its paths (the table keeps one row per path). */
export interface Reservation {
  readonly reservation_id: string;
  readonly callsign: string;
  readonly mode: ReservationRow['mode'];
  /** Every path or glob it reserves, sorted. */
  readonly paths: string[];
  readonly reason: string | null;
  readonly created_at: string;
  readonly expires_at: string;
  readonly released_at: string | null;
}

/** Folds rows of one or more reservations (one row per path) into reservations, in first-row order. */
export function groupReservations(rows: readonly ReservationRow[]): Reservation[] {
  const byId = new Map<string, Reservation>();
  for (const row of rows) {
    const seen = byId.get(row.reservation_id);
    if (seen === undefined) {
      byId.set(row.reservation_id, {
        reservation_id: row.reservation_id,
        callsign: row.callsign,
        mode: row.mode,
        paths: [row.path],
        reason: row.reason,
        created_at: row.created_at,
        expires_at: row.expires_at,
        released_at: row.released_at,
      });
    } else seen.paths.push(row.path);
  }
  for (const reservation of byId.values()) reservation.paths.sort();
  return [...byId.values()];
}

/**
 * Active reservations as reservations, each with all its paths (by reservation id): not released, not expired
 * at `at` (default now), optionally only one pilot's.
 */
export async function getReservations(
  db: FleetDB,
  projectKey: string,
  options: Omit<ActiveReservationsOptions, 'path'> = {},
): Promise<Reservation[]> {
  const rows = await getActiveReservations(db, projectKey, options);
  return groupReservations(rows).sort((a, b) => a.reservation_id.localeCompare(b.reservation_id));
}

/** One reservation by id, released or expired or not; `null` when there is none. */
export async function getReservation(
  db: FleetDB,
  projectKey: string,
  reservationId: string,
): Promise<Reservation | null> {
  const rows = await inTurn(db, () =>
    db
      .select()
      .from(reservationsTable)
      .where(
        and(
          eq(reservationsTable.project_key, parseProjectKey(projectKey)),
          eq(reservationsTable.reservation_id, reservationId),
        ),
      ),
  );
  return groupReservations(rows)[0] ?? null;
}
