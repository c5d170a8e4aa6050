import { orNull, projectors } from './statement.js';

const THREAD_OPEN = 'open';
const THREAD_CLOSED = 'closed';

/** Messages, their recipients' read and ack state, their full-text index (FTS5), and threads. */
export const messageProjectors = projectors({
  message_sent: (e) => {
    const recipients = e.to.map((_, i) => `(?1, ?2, ?3, ?${i + 4})`).join(', ');
    return [
      {
        table: 'messages',
        sql: `INSERT INTO messages (project_key, message_id, thread_id, from_callsign, subject, body, importance,
                ack_required, sent_at)
              VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
        args: [
          e.project_key,
          e.message_id,
          orNull(e.thread_id),
          e.from,
          e.subject,
          e.body,
          e.importance,
          e.ack_required ? 1 : 0,
          e.timestamp,
        ],
      },
      {
        table: 'message_search',
        sql: 'INSERT INTO message_search (project_key, message_id, subject, body) VALUES (?1, ?2, ?3, ?4)',
        args: [e.project_key, e.message_id, e.subject, e.body],
      },
      {
        table: 'message_recipients',
        sql: `INSERT OR IGNORE INTO message_recipients (project_key, message_id, sent_at, callsign)
              VALUES ${recipients}`,
        args: [e.project_key, e.message_id, e.timestamp, ...e.to],
      },
      ...(e.thread_id === undefined
        ? []
        : [
            {
              table: 'threads' as const,
              sql: `INSERT INTO threads (project_key, thread_id, subject, created_by, status, created_at,
                      last_activity_at, message_count)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1)
                    ON CONFLICT (project_key, thread_id) DO UPDATE SET
                      last_activity_at = excluded.last_activity_at, message_count = threads.message_count + 1`,
              args: [e.project_key, e.thread_id, e.subject, e.from, THREAD_OPEN, e.timestamp],
            },
          ]),
    ];
  },
  message_read: (e) => [
    {
      table: 'message_recipients',
      sql: `UPDATE message_recipients SET read_at = COALESCE(read_at, ?4)
            WHERE project_key = ?1 AND message_id = ?2 AND callsign = ?3`,
      args: [e.project_key, e.message_id, e.callsign, e.timestamp],
    },
  ],
  message_acked: (e) => [
    {
      table: 'message_recipients',
      sql: `UPDATE message_recipients SET read_at = COALESCE(read_at, ?4), acked_at = COALESCE(acked_at, ?4)
            WHERE project_key = ?1 AND message_id = ?2 AND callsign = ?3`,
      args: [e.project_key, e.message_id, e.callsign, e.timestamp],
    },
  ],
  thread_created: (e) => [
    {
      table: 'threads',
      sql: `INSERT INTO threads (project_key, thread_id, subject, created_by, status, created_at, last_activity_at,
              message_count)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 0)
            ON CONFLICT (project_key, thread_id) DO UPDATE SET subject = excluded.subject,
              created_by = excluded.created_by, created_at = MIN(threads.created_at, excluded.created_at)`,
      args: [e.project_key, e.thread_id, e.subject, e.created_by, THREAD_OPEN, e.timestamp],
    },
  ],
  thread_closed: (e) => [
    {
      table: 'threads',
      sql: `UPDATE threads SET status = ?3, last_activity_at = ?4 WHERE project_key = ?1 AND thread_id = ?2`,
      args: [e.project_key, e.thread_id, THREAD_CLOSED, e.timestamp],
    },
  ],
});
