import type { InStatement } from '@libsql/client';

import type { FleetEvent } from '../types/index.js';
import type { StreamId } from '../types/index.js';
import { eventPayload } from './event-rows.js';

/**
 * The insert of one event. Its `sequence` is the project's next (gap-free) and its `stream_version` the
 * stream's next, both computed by SQLite inside the write transaction, so no other writer can slip in
 * between the read and the write. UNIQUE constraints are the database's safety net against duplicates.
 */
export function appendStatement(event: FleetEvent, streamId: StreamId): InStatement {
  const { data, metadata } = eventPayload(event);
  return {
    sql: `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data, metadata)
          VALUES (?1, ?2, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM events WHERE project_key = ?2), ?3, ?4,
            (SELECT COALESCE(MAX(stream_version), 0) + 1 FROM events WHERE project_key = ?2 AND stream_id = ?4),
            ?5, ?6, ?7)
          RETURNING sequence, stream_version`,
    args: [event.id, event.project_key, event.type, streamId, event.timestamp, data, metadata],
  };
}
