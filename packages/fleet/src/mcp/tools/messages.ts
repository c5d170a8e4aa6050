import { z } from 'zod';

import { APPENDS, defineTool, EventOut, READ_ONLY } from '../tool.js';
import { Callsign, Id, Importance, Line } from './fields.js';

const MessageOut = z.object({
  message_id: z.string(),
  thread_id: z.string().nullable(),
  from_callsign: z.string(),
  subject: z.string(),
  body: z.string(),
  importance: z.string(),
  ack_required: z.boolean(),
  sent_at: z.string(),
});

/** A message in an inbox: with this pilot's read and ack state. */
const InboxOut = MessageOut.extend({ read_at: z.string().nullable(), acked_at: z.string().nullable() });

/** `send { to, subject, body, thread_id?, importance?, ack_required? }`. */
export const sendTool = defineTool({
  name: 'send',
  description: 'Send a message to pilots.',
  profile: 'core',
  hints: APPENDS,
  input: z.strictObject({
    to: z.array(Callsign).min(1).max(100),
    subject: z.string().min(1).max(200),
    body: z.string().min(1).max(65_536),
    thread_id: Id.optional(),
    importance: Importance.optional(),
    ack_required: z.boolean().optional(),
  }),
  output: z.object({ message_id: z.string(), event: EventOut }),
  run: async ({ pilot }, args) => {
    const event = await pilot().messages.send({
      to: args.to,
      subject: args.subject,
      body: args.body,
      ...(args.thread_id === undefined ? {} : { threadId: args.thread_id }),
      ...(args.importance === undefined ? {} : { importance: args.importance }),
      ...(args.ack_required === undefined ? {} : { ackRequired: args.ack_required }),
    });
    return { message_id: event.message_id, event };
  },
});

/** `inbox { unread_only? }`: the pilot's messages, newest first. */
export const inboxTool = defineTool({
  name: 'inbox',
  description: 'Your messages, newest first, with read/ack state.',
  profile: 'core',
  hints: READ_ONLY,
  input: z.strictObject({ unread_only: z.boolean().optional() }),
  output: z.object({ messages: z.array(InboxOut) }),
  run: async ({ pilot }, args) => ({
    messages: await pilot().messages.inbox(args.unread_only === true ? { unreadOnly: true } : {}),
  }),
});

/** `read { message_id }`: the message, marked read. */
export const readTool = defineTool({
  name: 'read',
  description: 'Read one message (marks it read).',
  profile: 'core',
  hints: APPENDS,
  input: z.strictObject({ message_id: Id }),
  output: z.object({ message: MessageOut, event: EventOut }),
  run: async ({ pilot }, args) => {
    const message = await pilot().messages.get(args.message_id);
    return { message, event: await pilot().messages.read(args.message_id) };
  },
});

/** `ack { message_id }`. */
export const ackTool = defineTool({
  name: 'ack',
  description: 'Acknowledge a message.',
  profile: 'core',
  hints: APPENDS,
  input: z.strictObject({ message_id: Id }),
  output: z.object({ event: EventOut }),
  run: async ({ pilot }, args) => ({ event: await pilot().messages.ack(args.message_id) }),
});

/** `reply { message_id, body }`: answers in the message's thread. */
export const replyTool = defineTool({
  name: 'reply',
  description: 'Reply to a message, in its thread.',
  profile: 'all',
  hints: APPENDS,
  input: z.strictObject({ message_id: Id, body: z.string().min(1).max(65_536), subject: Line.optional() }),
  output: z.object({ message_id: z.string(), event: EventOut }),
  run: async ({ pilot }, args) => {
    const event = await pilot().messages.reply(args.message_id, {
      body: args.body,
      ...(args.subject === undefined ? {} : { subject: args.subject }),
    });
    return { message_id: event.message_id, event };
  },
});
