import type { EventOf } from '../types/index.js';
import { allow, refuse, type Decision } from './decision.js';
import { AlreadyReleasedError, LockHeldError, UnauthorizedError } from './errors.js';
import { textOrNull, type Reader } from './reader.js';

/**
 * A lock is taken when nobody else holds it live (not released, not expired at `now`). Each acquisition gets
 * the resource's next fencing token, written into the event, so holders and whoever they write to can tell a
 * stale holder from the current one. Taking over an expired lock is the same decision, under the same write
 * lock: two contenders never both win.
 */
export async function decideLockAcquisition(
  read: Reader,
  event: EventOf<'lock_acquired'>,
  now: string,
): Promise<Decision> {
  const [row] = await read(
    'SELECT callsign, lock_id, fencing_token, expires_at, released_at FROM locks WHERE project_key = ? AND resource = ?',
    [event.project_key, event.resource],
  );
  const holder = textOrNull(row, 'callsign');
  const expiresAt = textOrNull(row, 'expires_at') ?? '';
  const live = row !== undefined && textOrNull(row, 'released_at') === null && expiresAt > now;
  const token = Number(row?.fencing_token ?? 0);
  if (live && holder !== null && holder !== event.callsign) {
    return refuse(
      new LockHeldError(event.resource, event.callsign, {
        callsign: holder,
        lock_id: textOrNull(row, 'lock_id') ?? '',
        expires_at: expiresAt,
        fencing_token: token,
      }),
    );
  }
  return allow({ ...event, fencing_token: token + 1 });
}

/**
 * Only the holder of that very acquisition releases a lock, unless the event gives an `override_reason`; an
 * acquisition already released is not released again.
 */
export async function decideLockRelease(read: Reader, event: EventOf<'lock_released'>): Promise<Decision> {
  const [row] = await read(
    'SELECT callsign, lock_id, released_at FROM locks WHERE project_key = ? AND resource = ?',
    [event.project_key, event.resource],
  );
  const releasedAt = textOrNull(row, 'released_at');
  if (releasedAt !== null && textOrNull(row, 'lock_id') === event.lock_id) {
    return refuse(new AlreadyReleasedError('lock', event.lock_id, releasedAt));
  }
  if (event.override_reason !== undefined) return allow(event);
  if (textOrNull(row, 'callsign') === event.callsign && textOrNull(row, 'lock_id') === event.lock_id) {
    return allow(event);
  }
  return refuse(
    new UnauthorizedError(
      event.type,
      event.callsign,
      `it does not hold lock ${JSON.stringify(event.resource)} as ${event.lock_id} (a force release needs an override_reason)`,
    ),
  );
}
