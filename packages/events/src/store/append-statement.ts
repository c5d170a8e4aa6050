import type { InStatement } from '@libsql/client';

import type { FleetEvent } from '../types/index.js';
import type { StreamId } from '../types/index.js';
import { eventPayload } from './event-rows.js';

/**
 * The insert of one event. Its `sequence` is the project's next (gap-free), its `stream_version` the
 * stream's next, or `expectedVersion + 1` when the caller named the version it expects: both computed
 * inside the write transaction, so no other writer can slip in between the read and the write. The
 * database's own constraints and triggers reject a duplicate or a gap.
 */
export function appendStatement(
  event: FleetEvent,
  streamId: StreamId,
  expectedVersion?: number,
): InStatement {
  const { data, metadata } = eventPayload(event);
  return {
    sql: `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data, metadata)
          VALUES (?1, ?2, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM events WHERE project_key = ?2), ?3, ?4,
            COALESCE(?5, (SELECT COALESCE(MAX(stream_version), 0) + 1 FROM events
                          WHERE project_key = ?2 AND stream_id = ?4)),
            ?6, ?7, ?8)
          RETURNING sequence, stream_version`,
    args: [
      event.id,
      event.project_key,
      event.type,
      streamId,
      expectedVersion === undefined ? null : expectedVersion + 1,
      event.timestamp,
      data,
      metadata,
    ],
  };
}
