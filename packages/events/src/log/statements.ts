import type { SqlStatement, SqlValue } from '@fleettools/db';

import type { FleetEvent, StreamId } from '../types/index.js';
import { defaultUpcasters } from '../upcasting/registry.js';
import { EVENT_COLUMNS, eventPayload } from './event-rows.js';
import type { WhereClause } from './query-options.js';

/**
 * The SQL of every operation on the log, each in one place and named for what it does (the store, the
 * writer, replay, compaction and snapshots all use these; none writes its own).
 */

/**
 * The insert of one event. Its `sequence` is the project's next (gap-free) and its `stream_version` the
 * stream's next, both computed by SQLite inside the write transaction, so no other writer can slip in
 * between the read and the write. UNIQUE constraints are the database's safety net against duplicates.
 * The event is stored at its type's current schema version (this release's {@link defaultUpcasters}).
 * Returns one row: `sequence`, `stream_version`.
 */
export function appendEventStatement(event: FleetEvent, streamId: StreamId): SqlStatement {
  const { data, metadata } = eventPayload(event);
  return {
    sql: `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data, metadata,
            schema_version)
          VALUES (?1, ?2, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM events WHERE project_key = ?2), ?3, ?4,
            (SELECT COALESCE(MAX(stream_version), 0) + 1 FROM events WHERE project_key = ?2 AND stream_id = ?4),
            ?5, ?6, ?7, ?8)
          RETURNING sequence, stream_version`,
    args: [
      event.id,
      event.project_key,
      event.type,
      streamId,
      event.timestamp,
      data,
      metadata,
      defaultUpcasters.currentVersion(event.type),
    ],
  };
}

/** A stream's version, as `version` (0 when it has no events). */
export function streamVersionStatement(projectKey: string, streamId: string): SqlStatement {
  return {
    sql: 'SELECT COALESCE(MAX(stream_version), 0) AS version FROM events WHERE project_key = ? AND stream_id = ?',
    args: [projectKey, streamId],
  };
}

/** The project's newest sequence, as `latest` (0 when it has no events). */
export function latestSequenceStatement(projectKey: string): SqlStatement {
  return {
    sql: 'SELECT COALESCE(MAX(sequence), 0) AS latest FROM events WHERE project_key = ?',
    args: [projectKey],
  };
}

/** The project's newest live event. */
export function latestEventStatement(projectKey: string): SqlStatement {
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? ORDER BY sequence DESC LIMIT 1`,
    args: [projectKey],
  };
}

/**
 * The live events passing `where`, by sequence (or, within one stream, by stream version, which orders them
 * the same and walks the stream's own index), at most `limit` (bound, not written into the SQL: one prepared
 * statement serves every page size).
 */
export function liveEventsStatement(
  where: WhereClause,
  options: {
    readonly byStream: boolean;
    readonly order: 'asc' | 'desc';
    readonly limit?: number | undefined;
  },
): SqlStatement {
  const orderBy = options.byStream ? 'stream_version' : 'sequence';
  const direction = options.order === 'desc' ? 'DESC' : 'ASC';
  const limit = options.limit === undefined ? '' : ' LIMIT ?';
  const args: SqlValue[] = options.limit === undefined ? where.args : [...where.args, options.limit];
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.sql} ORDER BY ${orderBy} ${direction}${limit}`,
    args,
  };
}

/** How many live events pass `where`, as `n`. */
export function countEventsStatement(where: WhereClause): SqlStatement {
  return { sql: `SELECT COUNT(*) AS n FROM events WHERE ${where.sql}`, args: where.args };
}

/** The live events with `after < sequence <= upTo`, by sequence, at most `limit` (-1: all): replay's pages. */
export function liveRangeStatement(
  projectKey: string,
  after: number,
  upTo: number,
  limit: number,
): SqlStatement {
  return {
    sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? AND sequence > ? AND sequence <= ? ORDER BY sequence LIMIT ?`,
    args: [projectKey, after, upTo, limit],
  };
}

/** How many live events come after `after`, as `n`. */
export function liveCountAfterStatement(projectKey: string, after: number): SqlStatement {
  return {
    sql: 'SELECT COUNT(*) AS n FROM events WHERE project_key = ? AND sequence > ?',
    args: [projectKey, after],
  };
}

/**
 * The sequence from which every event of the project is live, as `before` (0 when nothing was ever
 * compacted): below it, events are archived, except the newest event of each stream, which compaction
 * always leaves live.
 */
export function compactedBeforeStatement(projectKey: string): SqlStatement {
  return {
    sql: 'SELECT COALESCE(MAX(compacted_before), 0) AS before FROM archive_segments WHERE project_key = ?',
    args: [projectKey],
  };
}

/** The headers of a project's archive segments holding events after `afterSequence`, by range. */
export function segmentsAfterStatement(projectKey: string, afterSequence: number): SqlStatement {
  return {
    sql: `SELECT first_sequence, last_sequence, event_count, checksum FROM archive_segments
          WHERE project_key = ? AND last_sequence > ? ORDER BY first_sequence`,
    args: [projectKey, afterSequence],
  };
}

/** One archive segment's compressed payload, as `payload`. */
export function segmentPayloadStatement(projectKey: string, firstSequence: number): SqlStatement {
  return {
    sql: 'SELECT payload FROM archive_segments WHERE project_key = ? AND first_sequence = ?',
    args: [projectKey, firstSequence],
  };
}

/** The position a durable consumer committed, as `position`. */
export function cursorPositionStatement(projectKey: string, consumer: string): SqlStatement {
  return {
    sql: 'SELECT position FROM cursors WHERE project_key = ? AND consumer = ?',
    args: [projectKey, consumer],
  };
}
