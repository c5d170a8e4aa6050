import { describe, expect, test } from 'bun:test';

import { createInMemoryDb } from '@fleettools/db';

import {
  Consumer,
  EventStore,
  compact,
  createEvent,
  getActiveReservations,
  takeSnapshot,
} from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { registerPilots } from '../support/pilots.js';
import { PROJECT, T, fleet } from '../projections/support.js';

describe('reclaimStale', () => {
  // Invariant: a stale pilot's reservations and locks are freed by events in its name that say why, once.
  test('stale_holdings_are_released_once_with_a_reason', async () => {
    const { db, store, append } = fleet();
    // Ten minutes ago on the store's clock, which judges staleness: gone fell silent then, alive is heard now.
    await append('pilot_registered', { callsign: 'gone', ttl_ms: 60_000 }, T(-10));
    await append('pilot_registered', { callsign: 'alive', ttl_ms: 30 * 60_000 }, T(-10));
    await append(
      'file_reserved',
      { reservation_id: 'rsv-1', callsign: 'gone', paths: ['a.ts', 'b.ts'] },
      T(-10),
    );
    await append('file_reserved', { reservation_id: 'rsv-2', callsign: 'alive', paths: ['c.ts'] }, T(-10));
    await append(
      'lock_acquired',
      { resource: 'deploy', lock_id: 'lock-1', callsign: 'gone', ttl_ms: 3_600_000 },
      T(-10),
    );
    await append('pilot_active', { callsign: 'alive' }, T(0));

    const at = new Date();
    const released = await store.reclaimStale({ projectKey: PROJECT });
    expect(released.map((e) => e.type)).toEqual(['file_released', 'lock_released']);
    expect(released[0]).toMatchObject({
      callsign: 'gone',
      reservation_id: 'rsv-1',
      reason: `reclaimed: gone silent since ${T(-10)} (TTL 60000 ms)`,
    });
    expect((await getActiveReservations(db, PROJECT, { at })).map((r) => r.reservation_id)).toEqual([
      'rsv-2',
    ]);
    // The lock is free again: another pilot takes it with the next token.
    expect(
      await store.append(
        createEvent('lock_acquired', {
          project_key: PROJECT,
          resource: 'deploy',
          lock_id: 'lock-2',
          callsign: 'alive',
          timestamp: T(0),
        }),
        PROJECT,
      ),
    ).toMatchObject({ fencing_token: 2 });
    // Idempotent: nothing is stale any more.
    expect(await store.reclaimStale({ projectKey: PROJECT, at })).toEqual([]);
  });

  test('invalid options are refused', async () => {
    const { store } = fleet();
    expect(await failureOf(store.reclaimStale({ projectKey: '' }))).toMatchObject({
      code: 'OPTIONS_INVALID',
    });
  });
});

describe('Consumer', () => {
  /** A store where the sender and the recipients are registered (3 events). */
  const registeredStore = async (pilots = ['lead', 'viper-1', 'viper-2']) => {
    const store = EventStore.fromDb(createInMemoryDb());
    await registerPilots(store, PROJECT, pilots);
    return store;
  };
  const sent = (id: string) =>
    createEvent('message_sent', {
      project_key: PROJECT,
      message_id: id,
      from: 'lead',
      to: ['viper-1'],
      subject: id,
      body: 'b',
    });

  // Invariant: a consumer that crashes before committing sees the uncommitted events again (at-least-once),
  // and never skips one; its position moves atomically with the events its work records.
  test('consumer_resumes_from_its_last_commit', async () => {
    const store = await registeredStore();
    await store.appendMany([sent('msg-1'), sent('msg-2'), sent('msg-3')], PROJECT); // 4, 5, 6
    const options = { projectKey: PROJECT, name: 'inbox:viper-1', types: ['message_sent'] as const };

    const first = await Consumer.open(store, options);
    expect(first.position).toBe(0);
    const page = await first.poll(2);
    expect(page.map((e) => e.sequence)).toEqual([4, 5]);
    const [read] = await first.commit([
      createEvent('message_read', { project_key: PROJECT, message_id: 'msg-1', callsign: 'viper-1' }),
    ]);
    expect(read).toMatchObject({ type: 'message_read', sequence: 7 });
    expect(first.position).toBe(5);
    expect((await first.poll()).map((e) => e.sequence)).toEqual([6]);
    // "Crash": msg-3 was polled but never committed. A new consumer of the same name starts after msg-2.
    const second = await Consumer.open(store, options);
    expect(second.position).toBe(5);
    expect((await second.poll()).map((e) => e.sequence)).toEqual([6]);
    await second.commit();
    expect(await store.getCursor(PROJECT, 'inbox:viper-1')).toBe(6);
    expect(await second.poll()).toEqual([]);
  });

  test('waitForEvents: true as soon as something new lands, false at the timeout', async () => {
    const store = await registeredStore();
    const consumer = await Consumer.open(store, { projectKey: PROJECT, name: 'log' });
    expect(await consumer.poll()).toHaveLength(3); // the registrations
    expect(await consumer.waitForEvents({ timeoutMs: 30 })).toBe(false);
    const waiting = consumer.waitForEvents({ timeoutMs: 5_000 });
    await Bun.sleep(20);
    await store.append(sent('msg-1'), PROJECT);
    expect(await waiting).toBe(true);
    expect((await consumer.poll()).map((e) => e.sequence)).toEqual([4]);
  });

  // Invariant: a consumer wakes only for what poll would return: not for events of other types, and not for
  // its own cursor moves, which poll passes over (a consumer of everything never feeds on its commits).
  test('consumer_wakes_only_for_what_it_would_poll', async () => {
    const store = await registeredStore(['lead']);
    const inbox = await Consumer.open(store, { projectKey: PROJECT, name: 'inbox', types: ['message_sent'] });
    await store.append(
      createEvent('pilot_registered', { project_key: PROJECT, callsign: 'viper-9' }),
      PROJECT,
    );
    expect(await inbox.waitForEvents({ timeoutMs: 20 })).toBe(false);
    const all = await Consumer.open(store, { projectKey: PROJECT, name: 'log' });
    expect((await all.poll()).map((e) => e.type)).toEqual(['pilot_registered', 'pilot_registered']);
    await all.commit();
    expect(await all.waitForEvents({ timeoutMs: 20 })).toBe(false);
    expect(await all.poll()).toEqual([]);
    await store.append(sent('msg-9'), PROJECT);
    expect(await all.waitForEvents({ timeoutMs: 20 })).toBe(true);
    expect((await all.poll()).map((e) => e.type)).toEqual(['message_sent']);
    expect(await inbox.waitForEvents({ timeoutMs: 20 })).toBe(true);
  });

  // Invariant: a consumer whose position fell behind a compaction reads on through the archive, in order,
  // and never meets CURSOR_COMPACTED (it used to throw it on every call, for good).
  test('consumer_behind_a_compaction_reads_on_through_the_archive', async () => {
    const db = createInMemoryDb();
    const store = EventStore.fromDb(db);
    await registerPilots(store, PROJECT, ['lead', 'viper-1']);
    for (const id of ['msg-1', 'msg-2', 'msg-3']) {
      await store.append(sent(id), PROJECT);
      await store.append(
        createEvent('message_read', { project_key: PROJECT, message_id: id, callsign: 'viper-1' }),
        PROJECT,
      );
    }
    const inbox = await Consumer.open(store, { projectKey: PROJECT, name: 'inbox', types: ['message_sent'] });
    const latest = await store.getLatestSequence(PROJECT);
    await takeSnapshot(db, { projectKey: PROJECT });
    expect((await compact(db, { projectKey: PROJECT, before: latest + 1 })).archived).toBeGreaterThan(0);
    expect(await failureOf(store.query({ project_key: PROJECT, after_sequence: 0 }))).toMatchObject({
      code: 'CURSOR_COMPACTED',
    });
    expect(await inbox.waitForEvents({ timeoutMs: 100 })).toBe(true);
    const first = await inbox.poll(2);
    expect(first.map((e) => (e.type === 'message_sent' ? String(e.message_id) : e.type))).toEqual([
      'msg-1',
      'msg-2',
    ]);
    await inbox.commit();
    const rest = await inbox.poll();
    expect(rest.map((e) => (e.type === 'message_sent' ? String(e.message_id) : e.type))).toEqual(['msg-3']);
    await inbox.commit();
    expect(await inbox.poll()).toEqual([]);
    expect(await inbox.waitForEvents({ timeoutMs: 20 })).toBe(false);
  });

  test('a commit that the rules refuse moves no position', async () => {
    const store = await registeredStore();
    await store.append(sent('msg-1'), PROJECT);
    const consumer = await Consumer.open(store, { projectKey: PROJECT, name: 'inbox:viper-2' });
    await consumer.poll();
    const refused = createEvent('message_read', {
      project_key: PROJECT,
      message_id: 'msg-1',
      callsign: 'viper-2',
    });
    expect(await failureOf(consumer.commit([refused]))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(consumer.position).toBe(0);
    expect(await store.getCursor(PROJECT, 'inbox:viper-2')).toBe(0);
  });
});
