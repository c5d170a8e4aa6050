import type { Importance, PilotStatus, ReservationMode } from '@fleettools/core';
import { IMPORTANCE, PILOT_STATUS, RESERVATION_MODE, TTL } from '@fleettools/core';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Current state of every pilot (agent) of a project, keyed by callsign. Fed by `pilot_*` and `context_compacted`. */
export const pilotsTable = sqliteTable(
  'pilots',
  {
    project_key: text('project_key').notNull(),
    callsign: text('callsign').notNull(),
    status: text('status').$type<PilotStatus>().notNull().default(PILOT_STATUS.ACTIVE),
    program: text('program'),
    model: text('model'),
    task_description: text('task_description'),
    ttl_ms: integer('ttl_ms').notNull().default(TTL.PILOT),
    spawned_by: text('spawned_by'),
    registered_at: text('registered_at').notNull(),
    last_seen_at: text('last_seen_at').notNull(),
    deregistered_at: text('deregistered_at'),
    last_compacted_at: text('last_compacted_at'),
    /** The absolute path of the git working tree the pilot registered from (null: not in a repository). */
    worktree: text('worktree'),
    /** The branch checked out there when it registered (null: detached, or not in a repository). */
    branch: text('branch'),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.callsign] }),
    index('pilots_project_status_idx').on(t.project_key, t.status),
  ],
);

/** Conversations between pilots. Fed by `thread_*` and `message_sent`. */
export const threadsTable = sqliteTable(
  'threads',
  {
    project_key: text('project_key').notNull(),
    thread_id: text('thread_id').notNull(),
    subject: text('subject').notNull(),
    created_by: text('created_by').notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    created_at: text('created_at').notNull(),
    last_activity_at: text('last_activity_at').notNull(),
    message_count: integer('message_count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.project_key, t.thread_id] })],
);

/** Messages between pilots (one row per message; recipients in {@link messageRecipientsTable}). */
export const messagesTable = sqliteTable(
  'messages',
  {
    project_key: text('project_key').notNull(),
    message_id: text('message_id').notNull(),
    thread_id: text('thread_id'),
    from_callsign: text('from_callsign').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    importance: text('importance').$type<Importance>().notNull().default(IMPORTANCE.NORMAL),
    ack_required: integer('ack_required', { mode: 'boolean' }).notNull().default(false),
    sent_at: text('sent_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.message_id] }),
    index('messages_project_thread_sent_idx').on(t.project_key, t.thread_id, t.sent_at),
  ],
);

/** One row per (message, recipient): when the recipient read and acknowledged it. */
export const messageRecipientsTable = sqliteTable(
  'message_recipients',
  {
    project_key: text('project_key').notNull(),
    message_id: text('message_id').notNull(),
    callsign: text('callsign').notNull(),
    read_at: text('read_at'),
    acked_at: text('acked_at'),
    /** The message's `sent_at`, copied so an inbox is read newest first from one index. */
    sent_at: text('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.message_id, t.callsign] }),
    index('message_recipients_project_callsign_read_idx').on(t.project_key, t.callsign, t.read_at),
    index('message_recipients_project_callsign_sent_idx').on(t.project_key, t.callsign, t.sent_at),
  ],
);

/** File reservations, one row per (reservation, path). Fed by `file_*` events. */
export const reservationsTable = sqliteTable(
  'reservations',
  {
    project_key: text('project_key').notNull(),
    reservation_id: text('reservation_id').notNull(),
    path: text('path').notNull(),
    callsign: text('callsign').notNull(),
    mode: text('mode').$type<ReservationMode>().notNull().default(RESERVATION_MODE.EXCLUSIVE),
    reason: text('reason'),
    created_at: text('created_at').notNull(),
    expires_at: text('expires_at').notNull(),
    released_at: text('released_at'),
    conflicting: integer('conflicting', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.reservation_id, t.path] }),
    index('reservations_project_path_idx').on(t.project_key, t.path),
    index('reservations_project_callsign_idx').on(t.project_key, t.callsign),
  ],
);

/** Named mutexes with a fencing token that grows on every acquisition. Fed by `lock_*` events. */
export const locksTable = sqliteTable(
  'locks',
  {
    project_key: text('project_key').notNull(),
    resource: text('resource').notNull(),
    lock_id: text('lock_id').notNull(),
    callsign: text('callsign').notNull(),
    fencing_token: integer('fencing_token').notNull(),
    acquired_at: text('acquired_at').notNull(),
    expires_at: text('expires_at').notNull(),
    released_at: text('released_at'),
  },
  (t) => [primaryKey({ columns: [t.project_key, t.resource] })],
);

/** Durable consumers' committed positions (a `sequence`). Fed by `cursor_moved`. */
export const cursorsTable = sqliteTable(
  'cursors',
  {
    project_key: text('project_key').notNull(),
    consumer: text('consumer').notNull(),
    position: integer('position').notNull(),
    updated_at: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.project_key, t.consumer] })],
);

/** A row of {@link pilotsTable} as read. */
export type PilotRow = typeof pilotsTable.$inferSelect;
/** A row of {@link pilotsTable} as inserted. */
export type NewPilotRow = typeof pilotsTable.$inferInsert;
/** A row of {@link threadsTable} as read. */
export type ThreadRow = typeof threadsTable.$inferSelect;
/** A row of {@link threadsTable} as inserted. */
export type NewThreadRow = typeof threadsTable.$inferInsert;
/** A row of {@link messagesTable} as read. */
export type MessageRow = typeof messagesTable.$inferSelect;
/** A row of {@link messagesTable} as inserted. */
export type NewMessageRow = typeof messagesTable.$inferInsert;
/** A row of {@link messageRecipientsTable} as read. */
export type MessageRecipientRow = typeof messageRecipientsTable.$inferSelect;
/** A row of {@link messageRecipientsTable} as inserted. */
export type NewMessageRecipientRow = typeof messageRecipientsTable.$inferInsert;
/** A row of {@link reservationsTable} as read. */
export type ReservationRow = typeof reservationsTable.$inferSelect;
/** A row of {@link reservationsTable} as inserted. */
export type NewReservationRow = typeof reservationsTable.$inferInsert;
/** A row of {@link locksTable} as read. */
export type LockRow = typeof locksTable.$inferSelect;
/** A row of {@link locksTable} as inserted. */
export type NewLockRow = typeof locksTable.$inferInsert;
/** A row of {@link cursorsTable} as read. */
export type CursorRow = typeof cursorsTable.$inferSelect;
/** A row of {@link cursorsTable} as inserted. */
export type NewCursorRow = typeof cursorsTable.$inferInsert;
