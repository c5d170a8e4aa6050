import { MISSION_STATUS } from '@fleettools/core';

import { orNull, projectors } from './statement.js';

/** Missions: large pieces of work grouping sorties. */
export const missionProjectors = projectors({
  mission_created: (e) => [
    {
      table: 'missions',
      sql: `INSERT INTO missions (project_key, mission_id, title, description, status, created_by, created_at,
              updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
            ON CONFLICT (project_key, mission_id) DO UPDATE SET title = excluded.title,
              description = excluded.description, created_by = excluded.created_by, updated_at = excluded.updated_at`,
      args: [
        e.project_key,
        e.mission_id,
        e.title,
        orNull(e.description),
        MISSION_STATUS.PENDING,
        orNull(e.created_by),
        e.timestamp,
      ],
    },
  ],
  mission_started: (e) => [
    {
      table: 'missions',
      sql: `UPDATE missions SET status = ?3, started_at = COALESCE(started_at, ?4), updated_at = ?4
            WHERE project_key = ?1 AND mission_id = ?2`,
      args: [e.project_key, e.mission_id, MISSION_STATUS.IN_PROGRESS, e.timestamp],
    },
  ],
  mission_completed: (e) => [
    {
      table: 'missions',
      sql: `UPDATE missions SET status = ?3, summary = ?4, completed_at = ?5, updated_at = ?5
            WHERE project_key = ?1 AND mission_id = ?2`,
      args: [e.project_key, e.mission_id, MISSION_STATUS.COMPLETED, orNull(e.summary), e.timestamp],
    },
  ],
  mission_cancelled: (e) => [
    {
      table: 'missions',
      sql: `UPDATE missions SET status = ?3, summary = ?4, completed_at = ?5, updated_at = ?5
            WHERE project_key = ?1 AND mission_id = ?2`,
      args: [e.project_key, e.mission_id, MISSION_STATUS.CANCELLED, e.reason, e.timestamp],
    },
  ],
});
