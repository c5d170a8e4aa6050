import { describe, expect, test } from 'bun:test';

import { messageRecipientsTable, threadsTable } from '@fleettools/db';

import { getInbox, getThread } from '../../src/index.js';
import { PILOTS, PROJECT, T, registeredFleet } from './support.js';
import { onTarget, TARGETS } from '../support/target.js';

const message = (id: string, to: string[], thread_id?: string) => ({
  message_id: id,
  from: 'lead',
  to,
  subject: `subject ${id}`,
  body: `body ${id}`,
  ...(thread_id === undefined ? {} : { thread_id }),
});

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('messages projection', () => {
    test('a message lands in each recipient inbox, newest first, with per-recipient read and ack state', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('message_sent', { ...message('msg-1', ['viper-1', 'viper-2']), ack_required: true }, T(0));
      await append('message_sent', { ...message('msg-2', ['viper-1']), importance: 'urgent' }, T(1));
      await append('message_read', { message_id: 'msg-1', callsign: 'viper-1' }, T(2));
      await append('message_acked', { message_id: 'msg-1', callsign: 'viper-2' }, T(3));
      await append('message_read', { message_id: 'msg-1', callsign: 'viper-1' }, T(4));

      const inbox = await getInbox(db, PROJECT, 'viper-1');
      expect(inbox.map((m) => [m.message_id, m.read_at, m.acked_at])).toEqual([
        ['msg-2', null, null],
        ['msg-1', T(2), null],
      ]);
      expect(inbox[0]).toMatchObject({ importance: 'urgent', ack_required: false, from_callsign: 'lead' });
      expect(inbox[1]).toMatchObject({ ack_required: true, subject: 'subject msg-1', body: 'body msg-1' });
      // Acknowledging implies reading; reading twice keeps the first time.
      expect((await getInbox(db, PROJECT, 'viper-2'))[0]).toMatchObject({ read_at: T(3), acked_at: T(3) });
      expect((await getInbox(db, PROJECT, 'viper-1', { unreadOnly: true })).map((m) => m.message_id)).toEqual(
        ['msg-2'],
      );
      expect(
        (await getInbox(db, PROJECT, 'viper-2', { unackedOnly: true })).map((m) => m.message_id),
      ).toEqual([]);
      expect(await getInbox(db, PROJECT, 'viper-1', { limit: 1 })).toHaveLength(1);
      expect(await getInbox(db, PROJECT, 'nobody')).toEqual([]);
    });

    test('a repeated recipient gets one inbox row', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('message_sent', message('msg-1', ['viper-1', 'viper-1']), T(0));
      expect(await db.$count(messageRecipientsTable)).toBe(1);
    });

    test('threads: created, counted as messages arrive, closed', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('thread_created', { thread_id: 'thread-1', subject: 'plan', created_by: 'lead' }, T(0));
      await append('message_sent', message('msg-1', ['viper-1'], 'thread-1'), T(1));
      await append('message_sent', message('msg-2', ['lead'], 'thread-1'), T(2));
      await append('thread_closed', { thread_id: 'thread-1', callsign: 'lead' }, T(3));
      const thread = await getThread(db, PROJECT, 'thread-1');
      expect(thread).toMatchObject({
        subject: 'plan',
        created_by: 'lead',
        status: 'closed',
        created_at: T(0),
        last_activity_at: T(3),
        message_count: 2,
      });
      expect(thread?.messages.map((m) => m.message_id)).toEqual(['msg-1', 'msg-2']);
      expect(await getThread(db, PROJECT, 'thread-none')).toBeNull();
    });

    test('a message may open its thread; a later thread_created names it without losing the count', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('message_sent', message('msg-1', ['viper-1'], 'thread-7'), T(1));
      expect(await db.select().from(threadsTable)).toMatchObject([
        { thread_id: 'thread-7', subject: 'subject msg-1', message_count: 1, status: 'open' },
      ]);
      await append(
        'thread_created',
        { thread_id: 'thread-7', subject: 'renamed', created_by: 'viper-1' },
        T(2),
      );
      expect(await db.select().from(threadsTable)).toMatchObject([
        {
          thread_id: 'thread-7',
          subject: 'renamed',
          created_by: 'viper-1',
          message_count: 1,
          created_at: T(1),
        },
      ]);
    });
  });
});
