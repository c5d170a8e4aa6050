import { generateMessageId, type Importance } from '@fleettools/core';
import { Consumer, getInbox, getMessage, type EventOf, type InboxMessage } from '@fleettools/events';
import type { MessageRow } from '@fleettools/db';

import { NotFoundError } from '../errors.js';
import type { PilotScope } from './scope.js';

/** A message to send. */
export interface SendInput {
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly threadId?: string;
  readonly importance?: Importance;
  readonly ackRequired?: boolean;
}

/** A reply: same thread, to the sender; the subject defaults to `Re: <subject>`. */
export interface ReplyInput {
  readonly body: string;
  readonly subject?: string;
  readonly importance?: Importance;
  readonly ackRequired?: boolean;
}

/** Filters of {@link Messages.inbox}. */
export interface InboxFilter {
  readonly unreadOnly?: boolean;
  readonly unackedOnly?: boolean;
  readonly limit?: number;
}

/** Options of {@link Messages.follow}. */
export interface FollowOptions {
  /** The durable consumer's name (default `inbox:<callsign>`): a new follower resumes where it stopped. */
  readonly consumer?: string;
  /** Ends the iteration. */
  readonly signal?: AbortSignal;
  /** How long one wait for new events lasts before the signal is checked again, in ms (default 500). */
  readonly waitMs?: number;
}

/** A pilot's mail: send, reply, inbox, follow, read, ack. Every id is minted here. */
export class Messages {
  constructor(private readonly scope: PilotScope) {}

  /** Sends a message; returns the stored `message_sent`. */
  send(input: SendInput): Promise<EventOf<'message_sent'>> {
    return this.scope.emit('message_sent', {
      message_id: generateMessageId(),
      from: this.scope.callsign,
      to: [...input.to],
      subject: input.subject,
      body: input.body,
      ...(input.threadId === undefined ? {} : { thread_id: input.threadId }),
      ...(input.importance === undefined ? {} : { importance: input.importance }),
      ...(input.ackRequired === undefined ? {} : { ack_required: input.ackRequired }),
    });
  }

  /**
   * Replies to a message, in its thread (a message outside any thread starts one named after it).
   *
   * @throws {NotFoundError} there is no such message in the project.
   */
  async reply(messageId: string, input: ReplyInput): Promise<EventOf<'message_sent'>> {
    const original = await this.get(messageId);
    return this.send({
      to: [original.from_callsign],
      subject: input.subject ?? `Re: ${original.subject}`.slice(0, 200),
      body: input.body,
      threadId: original.thread_id ?? original.message_id.replace(/^msg-/, 'thread-'),
      ...(input.importance === undefined ? {} : { importance: input.importance }),
      ...(input.ackRequired === undefined ? {} : { ackRequired: input.ackRequired }),
    });
  }

  /** The pilot's inbox, newest first, with its own read and ack state. */
  inbox(filter: InboxFilter = {}): Promise<InboxMessage[]> {
    return getInbox(this.scope.db, this.scope.projectKey, this.scope.callsign, filter);
  }

  /** Marks a message read; returns the stored `message_read`. */
  read(messageId: string): Promise<EventOf<'message_read'>> {
    return this.scope.emit('message_read', { message_id: messageId, callsign: this.scope.callsign });
  }

  /** Acknowledges a message; returns the stored `message_acked`. */
  ack(messageId: string): Promise<EventOf<'message_acked'>> {
    return this.scope.emit('message_acked', { message_id: messageId, callsign: this.scope.callsign });
  }

  /**
   * New messages to this pilot as they arrive, on a durable consumer: each `for await` turn yields one stored
   * `message_sent`; the position is committed after each batch, so a follower that stops and starts again
   * resumes after the last batch it finished (at least once, never skipped).
   */
  async *follow(options: FollowOptions = {}): AsyncGenerator<EventOf<'message_sent'>> {
    const { projectKey, callsign, store } = this.scope;
    const consumer = await Consumer.open(store, {
      projectKey,
      name: options.consumer ?? `inbox:${callsign}`,
      types: ['message_sent'],
    });
    while (options.signal?.aborted !== true) {
      const events = await consumer.poll();
      for (const event of events) {
        if (event.type === 'message_sent' && event.to.some((to) => to === callsign)) yield event;
      }
      if (events.length > 0) await consumer.commit();
      else await consumer.waitForEvents({ timeoutMs: options.waitMs ?? 500 });
    }
  }

  /**
   * One message of the project by id.
   *
   * @throws {NotFoundError} there is no such message.
   */
  async get(messageId: string): Promise<MessageRow> {
    const found = await getMessage(this.scope.db, this.scope.projectKey, messageId);
    if (found === null) throw new NotFoundError('message', messageId, 'the project');
    return found;
  }
}
