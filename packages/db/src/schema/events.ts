import { index, integer, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core';

/**
 * The append-only event log: one row per stored event, never updated, and deleted only by compaction under
 * a permit (triggers abort every other UPDATE and DELETE).
 *
 * `data` holds the JSON text of the event type's own fields, `metadata` the JSON text of the envelope's
 * metadata or `null`. `sequence` is gap-free per project; `stream_version` is consecutive per stream.
 */
export const eventsTable = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    project_key: text('project_key').notNull(),
    sequence: integer('sequence').notNull(),
    type: text('type').notNull(),
    stream_id: text('stream_id').notNull(),
    stream_version: integer('stream_version').notNull(),
    timestamp: text('timestamp').notNull(),
    data: text('data').notNull(),
    metadata: text('metadata'),
    schema_version: integer('schema_version').notNull().default(1),
  },
  (t) => [
    unique('events_project_sequence_unique').on(t.project_key, t.sequence),
    unique('events_project_stream_version_unique').on(t.project_key, t.stream_id, t.stream_version),
    index('events_project_type_sequence_idx').on(t.project_key, t.type, t.sequence),
    index('events_project_timestamp_idx').on(t.project_key, t.timestamp),
  ],
);

/** A row of {@link eventsTable} as read. */
export type EventRow = typeof eventsTable.$inferSelect;
/** A row of {@link eventsTable} as inserted (`schema_version` may be omitted). */
export type NewEventRow = typeof eventsTable.$inferInsert;
