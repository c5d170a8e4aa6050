import { createEvent } from '../helpers.js';
import type { EventOf } from '../types/index.js';
import { allow, refuse, type Decision } from './decision.js';
import {
  AlreadyReleasedError,
  ReservationConflictError,
  UnauthorizedError,
  type ReservationConflict,
} from './errors.js';
import { pathsOverlap } from './glob-overlap.js';
import { textOrNull, type Reader } from './reader.js';

/** The most conflicts one `file_conflict` event lists (the schema's bound). */
const MAX_CONFLICTS = 100;

/** Active reservations of other pilots: unreleased, unexpired at `?2`, not held by `?3`. */
const OTHERS_ACTIVE = `project_key = ?1 AND released_at IS NULL AND expires_at > ?2 AND callsign <> ?3`;

/**
 * A reservation conflicts with every active (neither released nor expired at `now`) reservation of another
 * pilot that overlaps one of its paths, when either side is exclusive. Shared reservations share.
 *
 * Two reads, so that a decision costs little per active reservation: the paths of the reservations that could
 * conflict (from one covering partial index, nothing but active rows), tested in memory; then, only when some
 * overlap, the rows holding those paths, for the conflict's record.
 */
export async function decideReservation(
  read: Reader,
  event: EventOf<'file_reserved'>,
  now: string,
): Promise<Decision> {
  // A shared request conflicts only with exclusive holders; an exclusive one with every holder.
  const modes = event.mode === 'exclusive' ? "('exclusive', 'shared')" : "('exclusive')";
  const scope = `${OTHERS_ACTIVE} AND mode IN ${modes}`;
  const args = [event.project_key, now, event.callsign];
  const overlapping = new Set<string>();
  for (const row of await read(`SELECT path FROM reservations WHERE ${scope}`, args)) {
    const path = textOrNull(row, 'path') ?? '';
    if (!overlapping.has(path) && event.paths.some((requested) => pathsOverlap(requested, path))) {
      overlapping.add(path);
    }
  }
  if (overlapping.size === 0) return allow(event);
  const held = await read(
    `SELECT reservation_id, path, callsign, expires_at FROM reservations
     WHERE ${scope} AND path IN (SELECT value FROM json_each(?4)) ORDER BY path, callsign, reservation_id`,
    [...args, JSON.stringify([...overlapping])],
  );
  const conflicts: ReservationConflict[] = held.map((row) => ({
    reservation_id: textOrNull(row, 'reservation_id') ?? '',
    callsign: textOrNull(row, 'callsign') ?? '',
    path: textOrNull(row, 'path') ?? '',
    expires_at: textOrNull(row, 'expires_at') ?? '',
  }));
  const resolution = event.on_conflict === 'warn' ? 'warned' : 'denied';
  const record = createEvent('file_conflict', {
    project_key: event.project_key,
    reservation_id: event.reservation_id,
    callsign: event.callsign,
    paths: event.paths,
    conflicts: conflicts.slice(0, MAX_CONFLICTS),
    resolution,
    metadata: { causation_id: event.id, actor: event.callsign },
  });
  if (resolution === 'warned') return allow(event, [record]);
  return refuse(new ReservationConflictError(event.reservation_id, event.callsign, conflicts), record);
}

/**
 * Only the holder renews, and only a reservation that is neither released nor expired (an expired one may
 * already be another pilot's: reserve again).
 */
export async function decideRenewal(
  read: Reader,
  event: EventOf<'file_renewed'>,
  now: string,
): Promise<Decision> {
  const [row] = await read(
    'SELECT callsign, expires_at, released_at FROM reservations WHERE project_key = ? AND reservation_id = ? LIMIT 1',
    [event.project_key, event.reservation_id],
  );
  const refusal = (reason: string) => refuse(new UnauthorizedError(event.type, event.callsign, reason));
  if (textOrNull(row, 'callsign') !== event.callsign) {
    return refusal(`it does not hold reservation ${event.reservation_id}`);
  }
  if (textOrNull(row, 'released_at') !== null)
    return refusal(`reservation ${event.reservation_id} was released`);
  if ((textOrNull(row, 'expires_at') ?? '') <= now) {
    return refusal(`reservation ${event.reservation_id} expired; reserve again`);
  }
  return allow(event);
}

/**
 * Only the holder releases, unless the event gives an `override_reason` (a force release the log keeps); a
 * reservation already released is not released again (a retry of the stored release never gets here).
 */
export async function decideRelease(read: Reader, event: EventOf<'file_released'>): Promise<Decision> {
  const [row] = await read(
    'SELECT callsign, released_at FROM reservations WHERE project_key = ? AND reservation_id = ? LIMIT 1',
    [event.project_key, event.reservation_id],
  );
  const releasedAt = textOrNull(row, 'released_at');
  if (releasedAt !== null) {
    return refuse(new AlreadyReleasedError('reservation', event.reservation_id, releasedAt));
  }
  if (event.override_reason !== undefined || textOrNull(row, 'callsign') === event.callsign)
    return allow(event);
  return refuse(
    new UnauthorizedError(
      event.type,
      event.callsign,
      `it does not hold reservation ${event.reservation_id} (a force release needs an override_reason)`,
    ),
  );
}
