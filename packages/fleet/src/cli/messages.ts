import { IMPORTANCE } from '@fleettools/core';
import type { InboxMessage } from '@fleettools/events';
import { z } from 'zod';

import { validateOptions } from './args.js';
import { NO_POSITIONALS, type Command } from './context.js';

const Importance = z.enum(Object.values(IMPORTANCE) as [string, ...string[]]).optional();

const SendOptions = z.object({
  to: z.array(z.string().min(1)).min(1, 'expected at least one recipient'),
  subject: z.string().min(1, 'expected a subject'),
  body: z.string().optional(),
  thread: z.string().min(1).optional(),
  importance: Importance,
  'ack-required': z.boolean().optional(),
});

/** `fleet send`: a message to one or more pilots. */
export const sendCommand: Command = {
  usage: 'fleet send --to CALLSIGN... --subject S --body B|- [--thread ID] [--importance I] [--ack-required]',
  summary: 'send a message (body - reads standard input)',
  about: 'Sends a message to one or more pilots (repeat --to). --body - (or no --body) reads standard input.',
  options: {
    to: { type: 'string', multiple: true, value: 'CALLSIGN', help: 'a recipient (repeat for several)' },
    subject: { type: 'string', value: 'S', help: 'the subject' },
    body: { type: 'string', value: 'B', help: 'the body, or - for standard input' },
    thread: { type: 'string', value: 'ID', help: 'the thread it belongs to' },
    importance: { type: 'string', value: 'I', help: 'low, normal, high or urgent' },
    'ack-required': { type: 'boolean', help: 'ask the recipients to acknowledge it' },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const o = validateOptions(SendOptions, ctx.args.values);
    const pilot = await ctx.pilot();
    const body = await ctx.text(o.body, 'message body');
    const event = await pilot.messages.send({
      to: o.to,
      subject: o.subject,
      body,
      ...(o.thread === undefined ? {} : { threadId: o.thread }),
      ...(o.importance === undefined
        ? {}
        : { importance: o.importance as (typeof IMPORTANCE)[keyof typeof IMPORTANCE] }),
      ...(o['ack-required'] === undefined ? {} : { ackRequired: o['ack-required'] }),
    });
    ctx.out(event, [`sent ${event.message_id} to ${event.to.join(', ')}`]);
    return undefined;
  },
};

/** `fleet reply ID`: answers a message in its thread. */
export const replyCommand: Command = {
  usage: 'fleet reply MESSAGE_ID --body B|- [--subject S]',
  summary: 'reply to a message, in its thread',
  about: 'Replies to the sender of MESSAGE_ID, in its thread. --body - (or no --body) reads standard input.',
  options: {
    body: { type: 'string', value: 'B', help: 'the body, or - for standard input' },
    subject: { type: 'string', value: 'S', help: 'the subject (default: Re: <subject>)' },
  },
  positionals: { min: 1, max: 1, name: 'MESSAGE_ID' },
  run: async (ctx) => {
    const o = validateOptions(
      z.object({ body: z.string().optional(), subject: z.string().min(1).optional() }),
      ctx.args.values,
    );
    const pilot = await ctx.pilot();
    const body = await ctx.text(o.body, 'reply body');
    const event = await pilot.messages.reply(ctx.args.positionals[0] ?? '', {
      body,
      ...(o.subject === undefined ? {} : { subject: o.subject }),
    });
    ctx.out(event, [`sent ${event.message_id} to ${event.to.join(', ')} in ${event.thread_id ?? '-'}`]);
    return undefined;
  },
};

/** One inbox line. */
function inboxLine(m: InboxMessage): string {
  const state = m.acked_at !== null ? 'acked' : m.read_at !== null ? 'read' : 'unread';
  return `${m.message_id}  ${state.padEnd(6)}  ${m.from_callsign.padEnd(12)}  ${m.subject}`;
}

const InboxOptions = z.object({
  unread: z.boolean().optional(),
  unacked: z.boolean().optional(),
  follow: z.boolean().optional(),
});

/** `fleet inbox`: the pilot's messages, or new ones as they arrive with `--follow`. */
export const inboxCommand: Command = {
  usage: 'fleet inbox --as CALLSIGN [--unread] [--unacked] [--follow]',
  summary: "the pilot's messages; --follow waits for new ones",
  about:
    "Lists the pilot's messages, newest first. --follow prints each new message as it arrives (a durable\n" +
    'consumer inbox:<callsign>: it resumes after the last message it printed), until Ctrl-C.',
  options: {
    unread: { type: 'boolean', help: 'only messages not read yet' },
    unacked: { type: 'boolean', help: 'only messages not acknowledged yet' },
    follow: { type: 'boolean', short: 'f', help: 'keep printing new messages' },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const o = validateOptions(InboxOptions, ctx.args.values);
    const pilot = await ctx.pilot();
    if (o.follow === true) {
      for await (const message of pilot.messages.follow(
        ctx.io.signal === undefined ? {} : { signal: ctx.io.signal },
      )) {
        ctx.out(message, [`${message.message_id}  ${message.from.padEnd(12)}  ${message.subject}`]);
      }
      return undefined;
    }
    const messages = await pilot.messages.inbox({
      unreadOnly: o.unread === true,
      unackedOnly: o.unacked === true,
    });
    ctx.out(messages, messages.length === 0 ? ['(no messages)'] : messages.map(inboxLine));
    return undefined;
  },
};

/** `fleet read ID`: prints a message and marks it read. */
export const readCommand: Command = {
  usage: 'fleet read MESSAGE_ID --as CALLSIGN',
  summary: 'print a message and mark it read',
  about: 'Prints the message and records that the pilot read it.',
  options: {},
  positionals: { min: 1, max: 1, name: 'MESSAGE_ID' },
  run: async (ctx) => {
    const id = ctx.args.positionals[0] ?? '';
    const pilot = await ctx.pilot();
    const read = await pilot.messages.read(id);
    const message = await pilot.messages.get(id);
    ctx.out({ ...message, read_at: read.timestamp }, [
      `from     ${message.from_callsign}`,
      `subject  ${message.subject}`,
      `thread   ${message.thread_id ?? '-'}`,
      '',
      message.body,
    ]);
    return undefined;
  },
};

/** `fleet ack ID`: acknowledges a message. */
export const ackCommand: Command = {
  usage: 'fleet ack MESSAGE_ID --as CALLSIGN',
  summary: 'acknowledge a message',
  about: 'Records that the pilot acknowledged the message.',
  options: {},
  positionals: { min: 1, max: 1, name: 'MESSAGE_ID' },
  run: async (ctx) => {
    const event = await (await ctx.pilot()).messages.ack(ctx.args.positionals[0] ?? '');
    ctx.out(event, [`acked ${event.message_id}`]);
    return undefined;
  },
};
