import { parseProjectKey } from '@fleettools/core';
import {
  messageRecipientsTable,
  messagesTable,
  threadsTable,
  type FleetDB,
  type MessageRow,
  type ThreadRow,
  inTurn,
} from '@fleettools/db';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';

/** A message as one recipient sees it: the message, and when that recipient read and acked it. */
export interface InboxMessage extends MessageRow {
  readonly read_at: string | null;
  readonly acked_at: string | null;
}

/** Options of {@link getInbox}. */
export interface InboxOptions {
  /** Only messages the pilot has not read. */
  readonly unreadOnly?: boolean;
  /** Only messages the pilot has not acknowledged. */
  readonly unackedOnly?: boolean;
  /** At most this many, newest first (default 100). */
  readonly limit?: number;
}

/** A pilot's inbox, newest first: the messages addressed to it, with its own read and ack state. */
export async function getInbox(
  db: FleetDB,
  projectKey: string,
  callsign: string,
  options: InboxOptions = {},
): Promise<InboxMessage[]> {
  const key = parseProjectKey(projectKey);
  const conditions = [
    eq(messageRecipientsTable.project_key, key),
    eq(messageRecipientsTable.callsign, callsign),
  ];
  if (options.unreadOnly === true) conditions.push(isNull(messageRecipientsTable.read_at));
  if (options.unackedOnly === true) conditions.push(isNull(messageRecipientsTable.acked_at));
  const rows = await inTurn(db, () =>
    db
      .select({
        message: messagesTable,
        read_at: messageRecipientsTable.read_at,
        acked_at: messageRecipientsTable.acked_at,
      })
      .from(messageRecipientsTable)
      .innerJoin(
        messagesTable,
        and(
          eq(messagesTable.project_key, messageRecipientsTable.project_key),
          eq(messagesTable.message_id, messageRecipientsTable.message_id),
        ),
      )
      .where(and(...conditions))
      .orderBy(desc(messageRecipientsTable.sent_at), desc(messageRecipientsTable.message_id))
      .limit(options.limit ?? 100),
  );
  return rows.map(({ message, read_at, acked_at }) => ({ ...message, read_at, acked_at }));
}

/** A thread with its messages, oldest first; `null` when no such thread exists. */
export async function getThread(
  db: FleetDB,
  projectKey: string,
  threadId: string,
): Promise<(ThreadRow & { readonly messages: MessageRow[] }) | null> {
  const key = parseProjectKey(projectKey);
  const [thread] = await inTurn(db, () =>
    db
      .select()
      .from(threadsTable)
      .where(and(eq(threadsTable.project_key, key), eq(threadsTable.thread_id, threadId))),
  );
  if (thread === undefined) return null;
  const messages = await inTurn(db, () =>
    db
      .select()
      .from(messagesTable)
      .where(and(eq(messagesTable.project_key, key), eq(messagesTable.thread_id, threadId)))
      .orderBy(asc(messagesTable.sent_at), asc(messagesTable.message_id)),
  );
  return { ...thread, messages };
}

/** One message by id; `null` when there is none. */
export async function getMessage(
  db: FleetDB,
  projectKey: string,
  messageId: string,
): Promise<MessageRow | null> {
  const [row] = await inTurn(db, () =>
    db
      .select()
      .from(messagesTable)
      .where(
        and(
          eq(messagesTable.project_key, parseProjectKey(projectKey)),
          eq(messagesTable.message_id, messageId),
        ),
      ),
  );
  return row ?? null;
}
