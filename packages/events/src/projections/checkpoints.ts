import { jsonOrNull, orNull, projectors } from './statement.js';

/** Checkpoints: what a pilot saved to survive a context loss, and who resumed from it. */
export const checkpointProjectors = projectors({
  checkpoint_created: (e) => [
    {
      table: 'checkpoints',
      sql: `INSERT INTO checkpoints (project_key, checkpoint_id, callsign, sortie_id, mission_id, summary, state,
              files_modified, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            ON CONFLICT (project_key, checkpoint_id) DO UPDATE SET callsign = excluded.callsign,
              sortie_id = excluded.sortie_id, mission_id = excluded.mission_id, summary = excluded.summary,
              state = excluded.state, files_modified = excluded.files_modified, created_at = excluded.created_at`,
      args: [
        e.project_key,
        e.checkpoint_id,
        e.callsign,
        orNull(e.sortie_id),
        orNull(e.mission_id),
        e.summary,
        JSON.stringify(e.state),
        jsonOrNull(e.files_modified),
        e.timestamp,
      ],
    },
  ],
  checkpoint_restored: (e) => [
    {
      table: 'checkpoints',
      sql: `UPDATE checkpoints SET restored_at = ?3, restored_by = ?4 WHERE project_key = ?1 AND checkpoint_id = ?2`,
      args: [e.project_key, e.checkpoint_id, e.timestamp, e.callsign],
    },
  ],
});
