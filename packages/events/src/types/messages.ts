import { IMPORTANCE } from '@fleettools/core';
import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import {
  CallsignField,
  ImportanceField,
  MAX_SHORT_LIST,
  MessageIdField,
  ShortTextField,
  TextField,
  ThreadIdField,
} from './fields.js';

/** A message to 1–100 pilots; `importance` defaults to `normal`, `ack_required` to false. */
export const MessageSentEventSchema = BaseEventSchema.extend({
  type: z.literal('message_sent'),
  message_id: MessageIdField,
  from: CallsignField,
  to: z.array(CallsignField).min(1).max(MAX_SHORT_LIST),
  subject: ShortTextField,
  body: TextField,
  thread_id: ThreadIdField.optional(),
  importance: ImportanceField.default(IMPORTANCE.NORMAL),
  ack_required: z.boolean().default(false),
});

/** A recipient read the message. */
export const MessageReadEventSchema = BaseEventSchema.extend({
  type: z.literal('message_read'),
  message_id: MessageIdField,
  callsign: CallsignField,
});

/** A recipient acknowledged the message. */
export const MessageAckedEventSchema = BaseEventSchema.extend({
  type: z.literal('message_acked'),
  message_id: MessageIdField,
  callsign: CallsignField,
});

/** A conversation is opened. */
export const ThreadCreatedEventSchema = BaseEventSchema.extend({
  type: z.literal('thread_created'),
  thread_id: ThreadIdField,
  subject: ShortTextField,
  created_by: CallsignField,
});

/** A conversation is closed; it stays readable. */
export const ThreadClosedEventSchema = BaseEventSchema.extend({
  type: z.literal('thread_closed'),
  thread_id: ThreadIdField,
  callsign: CallsignField,
  reason: TextField.optional(),
});

/** A validated `message_sent` event. */
export type MessageSentEvent = z.output<typeof MessageSentEventSchema>;
/** A validated `message_read` event. */
export type MessageReadEvent = z.output<typeof MessageReadEventSchema>;
/** A validated `message_acked` event. */
export type MessageAckedEvent = z.output<typeof MessageAckedEventSchema>;
/** A validated `thread_created` event. */
export type ThreadCreatedEvent = z.output<typeof ThreadCreatedEventSchema>;
/** A validated `thread_closed` event. */
export type ThreadClosedEvent = z.output<typeof ThreadClosedEventSchema>;
