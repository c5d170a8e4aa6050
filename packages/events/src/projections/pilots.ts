import { PILOT_STATUS, TTL } from '@fleettools/core';

import { orNull, projectors, rowOf } from './statement.js';

/** Pilots: registration, heartbeats, departure, spawning and context compaction. */
export const pilotProjectors = projectors({
  pilot_registered: (e) => [
    {
      table: 'pilots',
      sql: `INSERT INTO pilots (project_key, callsign, status, program, model, task_description, worktree, branch,
              ttl_ms, registered_at, last_seen_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
            ON CONFLICT (project_key, callsign) DO UPDATE SET status = excluded.status,
              program = excluded.program, model = excluded.model, task_description = excluded.task_description,
              worktree = excluded.worktree, branch = excluded.branch,
              ttl_ms = excluded.ttl_ms, registered_at = excluded.registered_at,
              last_seen_at = excluded.last_seen_at, deregistered_at = NULL`,
      args: [
        e.project_key,
        e.callsign,
        PILOT_STATUS.ACTIVE,
        orNull(e.program),
        orNull(e.model),
        orNull(e.task_description),
        orNull(e.worktree),
        orNull(e.branch),
        e.ttl_ms ?? TTL.PILOT,
        e.timestamp,
      ],
    },
  ],
  pilot_spawned: (e) => [
    {
      table: 'pilots',
      sql: `INSERT INTO pilots (project_key, callsign, status, program, model, ttl_ms, spawned_by,
              registered_at, last_seen_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
            ON CONFLICT (project_key, callsign) DO UPDATE SET status = excluded.status,
              program = excluded.program, model = excluded.model, spawned_by = excluded.spawned_by,
              registered_at = excluded.registered_at, last_seen_at = excluded.last_seen_at,
              deregistered_at = NULL`,
      args: [
        e.project_key,
        e.callsign,
        PILOT_STATUS.ACTIVE,
        orNull(e.program),
        orNull(e.model),
        TTL.PILOT,
        e.spawned_by,
        e.timestamp,
      ],
    },
  ],
  pilot_active: (e) => [
    {
      table: 'pilots',
      sql: `UPDATE pilots SET last_seen_at = ?3 WHERE project_key = ?1 AND callsign = ?2`,
      args: [e.project_key, e.callsign, e.timestamp],
      overwrites: rowOf(e.project_key, e.callsign),
    },
  ],
  pilot_deregistered: (e) => [
    {
      table: 'pilots',
      sql: `UPDATE pilots SET status = ?3, deregistered_at = ?4 WHERE project_key = ?1 AND callsign = ?2`,
      args: [e.project_key, e.callsign, PILOT_STATUS.DEREGISTERED, e.timestamp],
    },
  ],
  context_compacted: (e) => [
    {
      table: 'pilots',
      sql: `UPDATE pilots SET last_compacted_at = ?3 WHERE project_key = ?1 AND callsign = ?2`,
      args: [e.project_key, e.callsign, e.timestamp],
      overwrites: rowOf(e.project_key, e.callsign),
    },
  ],
});
