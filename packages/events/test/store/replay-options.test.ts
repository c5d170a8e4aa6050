import { describe, expect, test } from 'bun:test';

import { createInMemoryDb, pilotsTable } from '@fleettools/db';

import { EventStore, createEvent, replayEvents } from '../../src/index.js';
import { failureOf } from '../support/failure.js';

describe('replayEvents options and failures', () => {
  test.each([0, -1, 1.5, Number.NaN])('chunkSize %p is a RangeError', async (chunkSize) => {
    const error = await failureOf(replayEvents(createInMemoryDb(), { projectKey: '/p', chunkSize }));
    expect(error).toBeInstanceOf(RangeError);
  });

  // Invariant: a replay that fails half-way (here: its progress callback throws) changes nothing.
  test('replay_failing_midway_changes_nothing', async () => {
    const db = createInMemoryDb();
    const store = EventStore.fromDb(db);
    for (const callsign of ['a', 'b', 'c']) {
      await store.append(createEvent('pilot_registered', { project_key: '/p', callsign }), '/p');
    }
    const before = await db.select().from(pilotsTable);
    const error = await failureOf(
      replayEvents(db, {
        projectKey: '/p',
        chunkSize: 1,
        onProgress: ({ replayed }) => {
          if (replayed === 2) throw new Error('progress sink failed');
        },
      }),
    );
    expect(error).toEqual(new Error('progress sink failed'));
    expect(await db.select().from(pilotsTable)).toEqual(before);
    // The store is usable afterwards.
    expect(
      (await store.append(createEvent('pilot_active', { project_key: '/p', callsign: 'a' }), '/p')).sequence,
    ).toBe(4);
  });
});

describe('replayEvents failures are typed', () => {
  // Guarantee 8: never a raw driver error, here a projection table that went missing.
  test('replay_driver_failure_is_store_write_error', async () => {
    const db = createInMemoryDb();
    await EventStore.fromDb(db).append(
      createEvent('pilot_registered', { project_key: '/p', callsign: 'a' }),
      '/p',
    );
    await db.$client.all({ sql: 'DROP TABLE cursors' });
    const error = await failureOf(replayEvents(db, { projectKey: '/p' }));
    expect(error).toMatchObject({ code: 'STORE_WRITE_FAILED' });
    expect(await db.$count(pilotsTable)).toBe(1);
  });
});

describe('entity ids are unique within a project', () => {
  // Invariant: a second message with a stored message_id is refused whole; the first stays as it was.
  test('duplicate_message_id_writes_nothing', async () => {
    const db = createInMemoryDb();
    const store = EventStore.fromDb(db);
    const message = {
      project_key: '/p',
      message_id: 'msg-1',
      from: 'a',
      to: ['b'],
      subject: 's',
      body: 'first',
    };
    await store.append(createEvent('pilot_registered', { project_key: '/p', callsign: 'a' }), '/p');
    await store.append(createEvent('message_sent', message), '/p');
    const error = await failureOf(
      store.append(createEvent('message_sent', { ...message, body: 'second' }), '/p'),
    );
    expect(error).toMatchObject({ code: 'STORE_WRITE_FAILED' });
    expect((error as Error).message).toContain('messages.project_key, messages.message_id');
    expect(await store.count('/p')).toBe(2);
  });
});
