import { addMs } from '@fleettools/core';

import { projectors, rowOf } from './statement.js';

/**
 * Locks and durable cursors. A lock's fencing token is the one the store wrote into `lock_acquired` (the
 * previous token plus one); an event without one (in a log written before the store assigned tokens) raises
 * the token by one.
 * Coordinator decisions only live in the log.
 */
export const coordinationProjectors = projectors({
  lock_acquired: (e) => [
    {
      table: 'locks',
      sql: `INSERT INTO locks (project_key, resource, lock_id, callsign, fencing_token, acquired_at, expires_at)
            VALUES (?1, ?2, ?3, ?4, COALESCE(?7, 1), ?5, ?6)
            ON CONFLICT (project_key, resource) DO UPDATE SET lock_id = excluded.lock_id,
              callsign = excluded.callsign, fencing_token = COALESCE(?7, locks.fencing_token + 1),
              acquired_at = excluded.acquired_at, expires_at = excluded.expires_at, released_at = NULL`,
      args: [
        e.project_key,
        e.resource,
        e.lock_id,
        e.callsign,
        e.timestamp,
        addMs(e.timestamp, e.ttl_ms),
        e.fencing_token ?? null,
      ],
    },
  ],
  lock_released: (e) => [
    {
      table: 'locks',
      sql: `UPDATE locks SET released_at = ?4
            WHERE project_key = ?1 AND resource = ?2 AND lock_id = ?3 AND released_at IS NULL`,
      args: [e.project_key, e.resource, e.lock_id, e.timestamp],
    },
  ],
  cursor_moved: (e) => [
    {
      table: 'cursors',
      sql: `INSERT INTO cursors (project_key, consumer, position, updated_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (project_key, consumer) DO UPDATE SET position = excluded.position,
              updated_at = excluded.updated_at`,
      args: [e.project_key, e.consumer, e.position, e.timestamp],
      // The upsert sets every column but the key, insert or update: the newest position is the whole row.
      overwrites: rowOf(e.project_key, e.consumer),
    },
  ],
  coordinator_decision: () => [],
});
