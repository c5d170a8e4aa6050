import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Snapshots of a project's projections: every projection table's rows for the project as of `sequence`,
 * serialised as JSON text in `payload`. `schema_version` is the projection schema the rows were written under
 * and `checksum` the SHA-256 (hex) of `payload`; a snapshot failing either is ignored by replay. Snapshots are
 * derived data: deleting one loses nothing (replay falls back to an older one or to the log).
 */
export const snapshotsTable = sqliteTable(
  'snapshots',
  {
    project_key: text('project_key').notNull(),
    sequence: integer('sequence').notNull(),
    schema_version: integer('schema_version').notNull(),
    checksum: text('checksum').notNull(),
    row_count: integer('row_count').notNull(),
    payload: text('payload').notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.project_key, t.sequence] })],
);

/**
 * Compacted history: events moved out of `events` by compaction, a segment at a time. `payload` is the
 * gzip of the JSON array of the events' rows (every column of `events`), `checksum` the SHA-256 (hex) of
 * that JSON, `event_count` how many rows it holds. Segments of a project cover disjoint ranges
 * `[first_sequence, last_sequence]`; events inside a range that stayed live (the newest event of each
 * stream is never archived) are still in `events`. `compacted_before` is the `before` of the compaction
 * that wrote the segment: every event below it is archived or a stream's head. Triggers forbid UPDATE and
 * DELETE: archived events are as immutable as live ones.
 */
export const archiveSegmentsTable = sqliteTable(
  'archive_segments',
  {
    project_key: text('project_key').notNull(),
    first_sequence: integer('first_sequence').notNull(),
    last_sequence: integer('last_sequence').notNull(),
    compacted_before: integer('compacted_before').notNull(),
    event_count: integer('event_count').notNull(),
    checksum: text('checksum').notNull(),
    payload: blob('payload', { mode: 'buffer' }).notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.first_sequence] }),
    index('archive_segments_project_last_idx').on(t.project_key, t.last_sequence),
  ],
);

/**
 * Permission for compaction to delete a project's events in `[first_sequence, last_sequence]`. A row lives
 * only inside the compaction's own write transaction (inserted before its DELETE, removed after it), so no
 * other statement ever sees one; the `events_no_delete` trigger aborts every DELETE on `events` outside a
 * permit's range.
 */
export const compactionPermitsTable = sqliteTable('compaction_permits', {
  project_key: text('project_key').primaryKey(),
  first_sequence: integer('first_sequence').notNull(),
  last_sequence: integer('last_sequence').notNull(),
});

/** A row of {@link snapshotsTable} as read. */
export type SnapshotRow = typeof snapshotsTable.$inferSelect;
/** A row of {@link archiveSegmentsTable} as read. */
export type ArchiveSegmentRow = typeof archiveSegmentsTable.$inferSelect;
