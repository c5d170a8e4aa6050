import { addMs } from '@fleettools/core';

import { orNull, projectors, rowOf } from './statement.js';

/** File reservations: one row per reserved path or glob, released or expired rows kept for history. */
export const reservationProjectors = projectors({
  file_reserved: (e) => {
    const rows = e.paths.map((_, i) => `(?1, ?2, ?${i + 8}, ?3, ?4, ?5, ?6, ?7, 0)`).join(', ');
    return [
      {
        table: 'reservations',
        sql: `INSERT INTO reservations (project_key, reservation_id, path, callsign, mode, reason, created_at,
                expires_at, conflicting)
              VALUES ${rows}
              ON CONFLICT (project_key, reservation_id, path) DO UPDATE SET callsign = excluded.callsign,
                mode = excluded.mode, reason = excluded.reason, created_at = excluded.created_at,
                expires_at = excluded.expires_at, released_at = NULL, conflicting = 0`,
        args: [
          e.project_key,
          e.reservation_id,
          e.callsign,
          e.mode,
          orNull(e.reason),
          e.timestamp,
          addMs(e.timestamp, e.ttl_ms),
          ...e.paths,
        ],
      },
    ];
  },
  file_renewed: (e) => [
    {
      table: 'reservations',
      sql: `UPDATE reservations SET expires_at = ?3
            WHERE project_key = ?1 AND reservation_id = ?2 AND released_at IS NULL`,
      args: [e.project_key, e.reservation_id, addMs(e.timestamp, e.ttl_ms)],
      // Every path of the reservation gets the new expiry; the release the WHERE clause reads is not set here.
      overwrites: rowOf(e.project_key, e.reservation_id),
    },
  ],
  file_released: (e) => [
    {
      table: 'reservations',
      sql: `UPDATE reservations SET released_at = ?3
            WHERE project_key = ?1 AND reservation_id = ?2 AND released_at IS NULL`,
      args: [e.project_key, e.reservation_id, e.timestamp],
    },
  ],
  file_conflict: (e) =>
    e.resolution === 'warned'
      ? [
          {
            table: 'reservations',
            sql: `UPDATE reservations SET conflicting = 1 WHERE project_key = ?1 AND reservation_id = ?2`,
            args: [e.project_key, e.reservation_id],
          },
        ]
      : [],
});
