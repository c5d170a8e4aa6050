import { describe, expect, test } from 'bun:test';

import { closeFleetDb, DatabaseClosedError, eventsTable, pilotsTable } from '@fleettools/db';

import {
  ConcurrencyError,
  EventStore,
  EventValidationError,
  IdempotencyConflictError,
  ProjectMismatchError,
  StoreReadError,
  StoreWriteError,
  createEvent,
  getActivePilots,
  streamIdOf,
  type FleetEvent,
} from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { openTestDb, onTarget, TARGETS } from '../support/target.js';

const PROJECT = '/test/project';

function registered(callsign: string, project = PROJECT) {
  return createEvent('pilot_registered', { project_key: project, callsign });
}

function freshStore() {
  const db = openTestDb();
  return { db, store: EventStore.fromDb(db) };
}

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('EventStore.append', () => {
    // The spec's own test, verbatim.
    test('appends event and returns with id/sequence', async () => {
      const store = EventStore.fromDb(openTestDb());
      const event = createEvent('pilot_registered', {
        project_key: '/test/project',
        callsign: 'viper-1',
      });

      const appended = await store.append(event, '/test/project');

      expect(appended.id).toBeDefined();
      expect(appended.sequence).toBeDefined();
    });

    test('assigns gap-free sequences per project and consecutive versions per stream', async () => {
      const { store } = freshStore();
      const a = await store.append(registered('viper-1'), PROJECT);
      const b = await store.append(registered('viper-2'), PROJECT);
      const c = await store.append(
        createEvent('pilot_active', { project_key: PROJECT, callsign: 'viper-1' }),
        PROJECT,
      );
      const other = await store.append(registered('viper-1', '/other'), '/other');
      expect([a.sequence, b.sequence, c.sequence]).toEqual([1, 2, 3]);
      expect([a.stream_version, b.stream_version, c.stream_version]).toEqual([1, 1, 2]);
      expect([other.sequence, other.stream_version]).toEqual([1, 1]);
    });

    test('returns the stored event flat, equal to what query reads back', async () => {
      const { store } = freshStore();
      await store.append(registered('viper-1'), PROJECT);
      const event = createEvent('message_sent', {
        project_key: PROJECT,
        message_id: 'msg-1',
        from: 'viper-1',
        to: ['viper-2', 'viper-3'],
        subject: 'hello',
        body: 'body',
        metadata: { actor: 'viper-1' },
      });
      const stored = await store.append(event, PROJECT);
      expect(stored).toEqual({ ...event, sequence: 2, stream_version: 1 });
      const [read] = await store.query({ project_key: PROJECT, after_sequence: 1 });
      expect(read).toEqual(stored);
    });

    test('writes the event and its projection in one write', async () => {
      const { db, store } = freshStore();
      await store.append(registered('viper-1'), PROJECT);
      expect(await db.select().from(pilotsTable)).toMatchObject([{ callsign: 'viper-1', status: 'active' }]);
    });

    test('bad input is rejected with a typed error and writes nothing', async () => {
      const { db, store } = freshStore();
      const bad = { ...registered('viper-1'), callsign: '' } as unknown as FleetEvent;
      expect(await failureOf(store.append(bad, PROJECT))).toBeInstanceOf(EventValidationError);
      expect(await db.$count(eventsTable)).toBe(0);
      expect(await db.$count(pilotsTable)).toBe(0);
    });

    test('an event of another project is refused: ProjectMismatchError', async () => {
      const { db, store } = freshStore();
      const error = await failureOf(store.append(registered('viper-1', '/elsewhere'), PROJECT));
      expect(error).toBeInstanceOf(ProjectMismatchError);
      expect(error).toMatchObject({
        code: 'PROJECT_MISMATCH',
        details: { event_project_key: '/elsewhere', project_key: PROJECT },
      });
      expect(await db.$count(eventsTable)).toBe(0);
    });
  });

  describe('failures no other error names', () => {
    test('a closed database: DatabaseClosedError on writes and reads, never a raw driver error', async () => {
      const { db, store } = freshStore();
      await closeFleetDb(db);
      const error = await failureOf(store.append(registered('viper-1'), PROJECT));
      expect(error).toBeInstanceOf(DatabaseClosedError);
      expect(error).toMatchObject({ code: 'DB_CLOSED' });
      expect(await failureOf(store.count(PROJECT))).toMatchObject({ code: 'DB_CLOSED' });
    });

    test('a failing statement: StoreWriteError with the driver error as its cause', async () => {
      const { db, store } = freshStore();
      await db.$client.run({ sql: 'DROP TABLE pilots' });
      const error = await failureOf(store.append(registered('viper-1'), PROJECT));
      expect(error).toBeInstanceOf(StoreWriteError);
      expect((error as StoreWriteError).cause).toMatchObject({ code: 'DB_STATEMENT_FAILED' });
      expect(await store.count(PROJECT)).toBe(0);
      await db.$client.run({ sql: 'DROP TABLE cursors' });
      const read = await failureOf(store.getCursor(PROJECT, 'c'));
      expect(read).toBeInstanceOf(StoreReadError);
      expect((read as StoreReadError).cause).toMatchObject({ code: 'DB_STATEMENT_FAILED' });
    });
  });

  describe('optimistic concurrency', () => {
    test('expectedVersion matching the stream appends', async () => {
      const { store } = freshStore();
      const first = await store.append(registered('viper-1'), PROJECT, { expectedVersion: 0 });
      const second = await store.append(
        createEvent('pilot_active', { project_key: PROJECT, callsign: 'viper-1' }),
        PROJECT,
        { expectedVersion: 1 },
      );
      expect([first.stream_version, second.stream_version]).toEqual([1, 2]);
    });

    test.each([
      ['behind', 0],
      ['ahead', 5],
    ])(
      'expectedVersion %s of the stream: ConcurrencyError with expected and actual, nothing written',
      async (_, expected) => {
        const { db, store } = freshStore();
        await store.append(registered('viper-1'), PROJECT);
        const heartbeat = createEvent('pilot_active', { project_key: PROJECT, callsign: 'viper-1' });
        const error = await failureOf(store.append(heartbeat, PROJECT, { expectedVersion: expected }));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          details: { stream_id: streamIdOf(heartbeat), expected, actual: 1 },
        });
        expect(await db.$count(eventsTable)).toBe(1);
      },
    );

    // Invariant: reads issued while a conditional append holds the client's one connection wait their turn.
    test('reads_during_conditional_append_wait_their_turn', async () => {
      const { db, store } = freshStore();
      const [stored, active, count] = await Promise.all([
        store.append(registered('viper-1'), PROJECT, { expectedVersion: 0 }),
        getActivePilots(db, PROJECT),
        store.count(PROJECT),
      ]);
      expect(stored.sequence).toBe(1);
      expect(active.map((p) => p.callsign)).toEqual(['viper-1']);
      expect(count).toBe(1);
    });

    test('a negative expectedVersion is a validation error', async () => {
      const { store } = freshStore();
      const error = await failureOf(store.append(registered('viper-1'), PROJECT, { expectedVersion: -1 }));
      expect(error).toMatchObject({ code: 'OPTIONS_INVALID', details: { operation: 'append' } });
    });
  });

  describe('idempotency', () => {
    test('a retry of a stored event returns the stored event and writes nothing', async () => {
      const { db, store } = freshStore();
      const event = registered('viper-1');
      const first = await store.append(event, PROJECT);
      const retry = await store.append(event, PROJECT);
      expect(retry).toEqual(first);
      expect(await db.$count(eventsTable)).toBe(1);
    });

    test('a retry with expectedVersion after success still returns the stored event', async () => {
      const { store } = freshStore();
      const event = registered('viper-1');
      const first = await store.append(event, PROJECT, { expectedVersion: 0 });
      expect(await store.append(event, PROJECT, { expectedVersion: 0 })).toEqual(first);
    });

    test('the same id with different content: IdempotencyConflictError, nothing written', async () => {
      const { db, store } = freshStore();
      const event = registered('viper-1');
      await store.append(event, PROJECT);
      const error = await failureOf(store.append({ ...event, model: 'other' }, PROJECT));
      expect(error).toBeInstanceOf(IdempotencyConflictError);
      expect(error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { event_id: event.id } });
      expect(await db.$count(eventsTable)).toBe(1);
    });
  });

  describe('EventStore.appendMany', () => {
    test('appends all in order with consecutive sequences', async () => {
      const { store } = freshStore();
      const stored = await store.appendMany([registered('a'), registered('b'), registered('c')], PROJECT);
      expect(stored.map((e) => e.sequence)).toEqual([1, 2, 3]);
      expect(await store.count(PROJECT)).toBe(3);
    });

    test('all or nothing: one invalid event and none is written', async () => {
      const { db, store } = freshStore();
      const bad = { ...registered('c'), callsign: 'no spaces allowed' } as unknown as FleetEvent;
      expect(
        await failureOf(store.appendMany([registered('a'), registered('b'), bad], PROJECT)),
      ).toBeInstanceOf(EventValidationError);
      expect(await db.$count(eventsTable)).toBe(0);
    });

    test('a retry of a stored batch returns it; a batch half stored is refused', async () => {
      const { db, store } = freshStore();
      const batch = [registered('a'), registered('b')];
      const first = await store.appendMany(batch, PROJECT);
      expect(await store.appendMany(batch, PROJECT)).toEqual(first);
      const error = await failureOf(store.appendMany([...batch, registered('c')], PROJECT));
      expect(error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { reason: 'partial-batch' } });
      expect(await db.$count(eventsTable)).toBe(2);
    });

    test('an empty batch writes nothing', async () => {
      const { store } = freshStore();
      expect(await store.appendMany([], PROJECT)).toEqual([]);
    });
  });
});
