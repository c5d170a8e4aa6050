import { SORTIE_STATUS } from '@fleettools/core';
import { DEPENDENCY_KIND } from '@fleettools/db';

import { DEFAULT_PRIORITY } from '../types/index.js';
import { dependencyRows } from './dependencies.js';
import { jsonOrNull, orNull, projectors, rowOf, type ProjectionStatement } from './statement.js';

/** A change of a sortie's status, with the columns that go with it. */
function sortieUpdate(set: string, args: (string | number | null)[]): ProjectionStatement {
  return {
    table: 'sorties',
    sql: `UPDATE sorties SET ${set} WHERE project_key = ?1 AND sortie_id = ?2`,
    args,
  };
}

/** Sorties: units of work, their dependencies, priority, assignee, status and progress. */
export const sortieProjectors = projectors({
  sortie_created: (e) => [
    {
      table: 'sorties',
      sql: `INSERT INTO sorties (project_key, sortie_id, mission_id, title, description, status, priority,
              progress, files, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?9, 0, ?7, ?8, ?8)
            ON CONFLICT (project_key, sortie_id) DO UPDATE SET mission_id = excluded.mission_id,
              title = excluded.title, description = excluded.description, files = excluded.files,
              priority = excluded.priority, updated_at = excluded.updated_at`,
      args: [
        e.project_key,
        e.sortie_id,
        orNull(e.mission_id),
        e.title,
        orNull(e.description),
        SORTIE_STATUS.PENDING,
        jsonOrNull(e.files),
        e.timestamp,
        e.priority ?? DEFAULT_PRIORITY,
      ],
    },
    ...dependencyRows(DEPENDENCY_KIND.SORTIE, e, e.sortie_id, e.depends_on),
  ],
  sortie_dependency_added: (e) => dependencyRows(DEPENDENCY_KIND.SORTIE, e, e.sortie_id, e.depends_on),
  sortie_assigned: (e) => [
    sortieUpdate('assigned_to = ?3, updated_at = ?4', [e.project_key, e.sortie_id, e.callsign, e.timestamp]),
  ],
  sortie_claimed: (e) => [
    sortieUpdate('status = ?3, assigned_to = ?4, started_at = COALESCE(started_at, ?5), updated_at = ?5', [
      e.project_key,
      e.sortie_id,
      SORTIE_STATUS.IN_PROGRESS,
      e.callsign,
      e.timestamp,
    ]),
  ],
  sortie_reclaimed: (e) => [
    sortieUpdate('status = ?3, assigned_to = NULL, blocked_reason = NULL, updated_at = ?4', [
      e.project_key,
      e.sortie_id,
      SORTIE_STATUS.PENDING,
      e.timestamp,
    ]),
  ],
  sortie_started: (e) => [
    sortieUpdate('status = ?3, assigned_to = ?4, started_at = COALESCE(started_at, ?5), updated_at = ?5', [
      e.project_key,
      e.sortie_id,
      SORTIE_STATUS.IN_PROGRESS,
      e.callsign,
      e.timestamp,
    ]),
  ],
  sortie_progress: (e) => [
    {
      ...sortieUpdate('progress = ?3, updated_at = ?4', [
        e.project_key,
        e.sortie_id,
        e.progress,
        e.timestamp,
      ]),
      overwrites: rowOf(e.project_key, e.sortie_id),
    },
  ],
  sortie_blocked: (e) => [
    sortieUpdate('status = ?3, blocked_reason = ?4, updated_at = ?5', [
      e.project_key,
      e.sortie_id,
      SORTIE_STATUS.BLOCKED,
      e.reason,
      e.timestamp,
    ]),
  ],
  sortie_resumed: (e) => [
    sortieUpdate('status = ?3, assigned_to = ?4, blocked_reason = NULL, updated_at = ?5', [
      e.project_key,
      e.sortie_id,
      SORTIE_STATUS.IN_PROGRESS,
      e.callsign,
      e.timestamp,
    ]),
  ],
  sortie_completed: (e) => [
    sortieUpdate('status = ?3, progress = 100, result = ?4, completed_at = ?5, updated_at = ?5', [
      e.project_key,
      e.sortie_id,
      SORTIE_STATUS.COMPLETED,
      orNull(e.summary),
      e.timestamp,
    ]),
  ],
  sortie_failed: (e) => [
    sortieUpdate('status = ?3, result = ?4, completed_at = ?5, updated_at = ?5', [
      e.project_key,
      e.sortie_id,
      SORTIE_STATUS.FAILED,
      e.reason,
      e.timestamp,
    ]),
  ],
  fleet_recovered: (e) => {
    // The lost pilot's unfinished sorties (or the ones named) pass to the pilot that recovered them.
    const named = e.sortie_ids ?? [];
    const filter =
      named.length > 0
        ? `sortie_id IN (${named.map((_, i) => `?${i + 7}`).join(', ')})`
        : 'assigned_to = ?3 AND status IN (?4, ?5)';
    return [
      {
        table: 'sorties',
        sql: `UPDATE sorties SET assigned_to = ?2, updated_at = ?6 WHERE project_key = ?1 AND ${filter}`,
        args: [
          e.project_key,
          e.recovered_by,
          e.callsign,
          SORTIE_STATUS.IN_PROGRESS,
          SORTIE_STATUS.BLOCKED,
          e.timestamp,
          ...named,
        ],
      },
    ];
  },
});
