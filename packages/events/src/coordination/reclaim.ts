import { PILOT_STATUS, SORTIE_STATUS } from '@fleettools/core';

import { createEvent } from '../helpers.js';
import type { FleetEvent } from '../types/index.js';
import { storeNow } from './clock.js';
import { isPilotLive } from './liveness.js';
import { textOrNull, type Reader } from './reader.js';

/**
 * The releases that free what stale pilots hold, judged at the store's clock ({@link storeNow}), or at `at` when
 * that is earlier (a caller may look back, which reclaims less, never ahead): a pilot is stale when its last
 * heartbeat is older than its TTL. One `file_released` per active reservation, one `lock_released` per live lock,
 * and one `sortie_reclaimed` per sortie assigned to it and not finished (it is ready again), each in the
 * pilot's own name and saying why. Read inside the write transaction that writes them, so two processes
 * reclaiming at once release each thing once.
 */
export async function staleReleases(
  read: Reader,
  projectKey: string,
  atMost: string | undefined,
): Promise<FleetEvent[]> {
  const clock = await storeNow(read);
  const at = atMost !== undefined && atMost < clock ? atMost : clock;
  const pilots = await read(
    'SELECT callsign, last_seen_at, ttl_ms FROM pilots WHERE project_key = ? AND status = ?',
    [projectKey, PILOT_STATUS.ACTIVE],
  );
  const now = Date.parse(at);
  const releases: FleetEvent[] = [];
  for (const pilot of pilots) {
    const callsign = textOrNull(pilot, 'callsign') ?? '';
    const lastSeen = textOrNull(pilot, 'last_seen_at') ?? '';
    const ttlMs = Number(pilot.ttl_ms);
    if (isPilotLive({ last_seen_at: lastSeen, ttl_ms: ttlMs }, now)) continue;
    const reason = `reclaimed: ${callsign} silent since ${lastSeen} (TTL ${String(ttlMs)} ms)`;
    const reservations = await read(
      `SELECT DISTINCT reservation_id FROM reservations
       WHERE project_key = ? AND callsign = ? AND released_at IS NULL AND expires_at > ?`,
      [projectKey, callsign, at],
    );
    for (const row of reservations) {
      const reservation_id = textOrNull(row, 'reservation_id') ?? '';
      releases.push(
        createEvent('file_released', {
          project_key: projectKey,
          reservation_id,
          callsign,
          reason,
          timestamp: at,
        }),
      );
    }
    const locks = await read(
      `SELECT resource, lock_id FROM locks
       WHERE project_key = ? AND callsign = ? AND released_at IS NULL AND expires_at > ?`,
      [projectKey, callsign, at],
    );
    for (const row of locks) {
      releases.push(
        createEvent('lock_released', {
          project_key: projectKey,
          resource: textOrNull(row, 'resource') ?? '',
          lock_id: textOrNull(row, 'lock_id') ?? '',
          callsign,
          reason,
          timestamp: at,
        }),
      );
    }
    const sorties = await read(
      `SELECT sortie_id FROM sorties WHERE project_key = ? AND assigned_to = ? AND status IN (?, ?, ?)
       ORDER BY sortie_id`,
      [projectKey, callsign, SORTIE_STATUS.PENDING, SORTIE_STATUS.IN_PROGRESS, SORTIE_STATUS.BLOCKED],
    );
    for (const row of sorties) {
      releases.push(
        createEvent('sortie_reclaimed', {
          project_key: projectKey,
          sortie_id: textOrNull(row, 'sortie_id') ?? '',
          callsign,
          reason,
          timestamp: at,
        }),
      );
    }
  }
  return releases;
}
