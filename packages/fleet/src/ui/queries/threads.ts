import {
  inTurn,
  messageRecipientsTable,
  messagesTable,
  threadsTable,
  type FleetDB,
  type MessageRow,
} from '@fleettools/db';
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';

/** How many conversations the threads view lists (the most recently active). */
export const THREADS_LISTED = 200;

/**
 * A conversation: a thread, or a message sent outside any thread (its conversation id is the one a reply
 * would open: `msg-X` → `thread-X`, as `pilot.messages.reply` names it), with its deliveries counted.
 */
export interface Conversation {
  readonly thread_id: string;
  readonly subject: string;
  readonly created_by: string;
  readonly status: 'open' | 'closed';
  readonly last_activity_at: string;
  readonly message_count: number;
  readonly unread: number;
  readonly unacked: number;
}

/** The conversation a message outside any thread starts: the thread id a reply to it opens. */
function conversationOf(messageId: string): string {
  return messageId.replace(/^msg-/, 'thread-');
}

/** The SQL of a message's conversation id: its thread, else the one a reply would open. */
const CONVERSATION = sql<string>`coalesce(${messagesTable.thread_id}, 'thread-' || substr(${messagesTable.message_id}, 5))`;

/** The most recently active conversations, with their unread and unacknowledged deliveries counted. */
export async function listConversations(db: FleetDB, projectKey: string): Promise<Conversation[]> {
  const threads = await inTurn(db, () =>
    db
      .select()
      .from(threadsTable)
      .where(eq(threadsTable.project_key, projectKey))
      .orderBy(desc(threadsTable.last_activity_at))
      .limit(THREADS_LISTED),
  );
  const loose = await inTurn(db, () =>
    db
      .select()
      .from(messagesTable)
      .where(and(eq(messagesTable.project_key, projectKey), isNull(messagesTable.thread_id)))
      .orderBy(desc(messagesTable.sent_at))
      .limit(THREADS_LISTED),
  );
  const byId = new Map<string, Omit<Conversation, 'unread' | 'unacked'>>(
    threads.map((t) => [t.thread_id, { ...t }]),
  );
  for (const m of loose) {
    const id = conversationOf(m.message_id);
    const thread = byId.get(id);
    byId.set(
      id,
      thread === undefined
        ? {
            thread_id: id,
            subject: m.subject,
            created_by: m.from_callsign,
            status: 'open',
            last_activity_at: m.sent_at,
            message_count: 1,
          }
        : {
            ...thread,
            subject: m.subject,
            created_by: m.from_callsign,
            message_count: thread.message_count + 1,
          },
    );
  }
  const listed = [...byId.values()]
    .sort((a, b) => (a.last_activity_at < b.last_activity_at ? 1 : -1))
    .slice(0, THREADS_LISTED);
  if (listed.length === 0) return [];
  const counts = await inTurn(db, () =>
    db
      .select({
        id: CONVERSATION,
        unread: sql<number | null>`sum(${messageRecipientsTable.read_at} is null)`,
        unacked: sql<
          number | null
        >`sum(${messagesTable.ack_required} and ${messageRecipientsTable.acked_at} is null)`,
      })
      .from(messageRecipientsTable)
      .innerJoin(
        messagesTable,
        and(
          eq(messagesTable.project_key, messageRecipientsTable.project_key),
          eq(messagesTable.message_id, messageRecipientsTable.message_id),
        ),
      )
      .where(
        and(
          eq(messageRecipientsTable.project_key, projectKey),
          inArray(
            CONVERSATION,
            listed.map((c) => c.thread_id),
          ),
        ),
      )
      .groupBy(CONVERSATION),
  );
  const byConversation = new Map(counts.map((c) => [c.id, c]));
  return listed.map((c) => {
    const count = byConversation.get(c.thread_id);
    return { ...c, unread: count?.unread ?? 0, unacked: count?.unacked ?? 0 };
  });
}

/** One recipient of a message: when it read and acknowledged it (`null`: not yet). */
export interface Delivery {
  readonly message_id: string;
  readonly callsign: string;
  readonly read_at: string | null;
  readonly acked_at: string | null;
}

/** A conversation's messages, oldest first, each with its deliveries. */
export interface ConversationMessages {
  readonly messages: MessageRow[];
  readonly deliveries: Map<string, Delivery[]>;
}

/** The messages of a conversation (its thread's, and the message outside any thread that started it). */
export async function readConversation(
  db: FleetDB,
  projectKey: string,
  conversationId: string,
): Promise<ConversationMessages> {
  const origin = conversationId.replace(/^thread-/, 'msg-');
  const messages = await inTurn(db, () =>
    db
      .select()
      .from(messagesTable)
      .where(
        and(
          eq(messagesTable.project_key, projectKey),
          or(
            eq(messagesTable.thread_id, conversationId),
            and(isNull(messagesTable.thread_id), eq(messagesTable.message_id, origin)),
          ),
        ),
      )
      .orderBy(asc(messagesTable.sent_at), asc(messagesTable.message_id)),
  );
  const deliveries = new Map<string, Delivery[]>();
  if (messages.length === 0) return { messages, deliveries };
  const rows = await inTurn(db, () =>
    db
      .select({
        message_id: messageRecipientsTable.message_id,
        callsign: messageRecipientsTable.callsign,
        read_at: messageRecipientsTable.read_at,
        acked_at: messageRecipientsTable.acked_at,
      })
      .from(messageRecipientsTable)
      .where(
        and(
          eq(messageRecipientsTable.project_key, projectKey),
          inArray(
            messageRecipientsTable.message_id,
            messages.map((m) => m.message_id),
          ),
        ),
      )
      .orderBy(messageRecipientsTable.callsign),
  );
  for (const row of rows) deliveries.set(row.message_id, [...(deliveries.get(row.message_id) ?? []), row]);
  return { messages, deliveries };
}
