/**
 * Replay of a project in a database file runs on a direct connection (prepared statements reused). These
 * pin what that must never change: the tables equal the live ones, the client's connection keeps working on
 * the same WAL, other writers are waited for or refused, and a failure rolls everything back.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { closeFleetDb, createFleetDb, fleetDbReady, pilotsTable, type FleetDB } from '@fleettools/db';
import fc from 'fast-check';

import { EventStore, createEvent, replayEvents, type FleetEvent } from '../../src/index.js';
import { LineReader, removeTempProjects, spawnFixture, tempProject } from '../fixtures/harness.js';
import { appendAllowed } from '../support/append-allowed.js';
import { arbitraryEventSequence } from '../support/arbitraries.js';
import { failureOf } from '../support/failure.js';
import { holdWriteLock } from '../support/hold-lock.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';

afterAll(removeTempProjects);

const P = '/test/project';

async function openFile(projectPath = tempProject(), busyTimeoutMs?: number): Promise<FleetDB> {
  const db = createFleetDb({ projectPath, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  await fleetDbReady(db);
  return db;
}

async function registerPilots(store: EventStore, count: number, prefix = 'p'): Promise<void> {
  await store.appendMany(
    Array.from({ length: count }, (_, i) =>
      createEvent('pilot_registered', { project_key: P, callsign: `${prefix}-${String(i)}` }),
    ),
    P,
  );
}

describe('replayEvents on a database file', () => {
  // Guarantee 7 on the direct path: for any sequence, the replayed tables equal the live ones.
  test('file_replay_equals_live_projections', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEventSequence({ projectKey: P }), async (events) => {
        const db = await openFile();
        try {
          await appendAllowed(EventStore.fromDb(db), events as unknown as FleetEvent[], [3], P);
          const live = await projectionSnapshot(db, P);
          const result = await replayEvents(db, { projectKey: P, chunkSize: 7 });
          expect(result.events).toBe(await EventStore.fromDb(db).count(P));
          expect(await projectionSnapshot(db, P)).toEqual(live);
        } finally {
          await closeFleetDb(db);
        }
      }),
      { numRuns: 12 },
    );
    // Twelve file databases opened, filled and replayed: about 1.5 s idle, over 5 s on a loaded 2-core machine.
  }, 30_000);

  // Invariant: closing the replay's connection never deletes the WAL the client still uses (both live in
  // one copy of SQLite, so the closing connection sees the client's lock); the file stays intact, and a
  // writer that comes later, in another connection, is seen by the client.
  test('replay_keeps_the_clients_wal', async () => {
    const projectPath = tempProject();
    const db = await openFile(projectPath);
    const store = EventStore.fromDb(db);
    await registerPilots(store, 500);
    const file = join(projectPath, '.fleet', 'fleet.db');
    for (let round = 1; round <= 3; round += 1) {
      await replayEvents(db, { projectKey: P });
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect(existsSync(`${file}-shm`)).toBe(true);
      const other = await openFile(projectPath);
      await registerPilots(EventStore.fromDb(other), 1, `late${String(round)}`);
      await closeFleetDb(other);
      expect(await db.$count(pilotsTable)).toBe(500 + round);
    }
    expect(await db.$client.get({ sql: 'PRAGMA integrity_check' })).toEqual({ integrity_check: 'ok' });
    await closeFleetDb(db);
  });

  // Invariant: a replay that cannot get the write lock fails typed and changes nothing.
  test('replay_behind_a_held_lock_is_store_busy', async () => {
    const projectPath = tempProject();
    const db = await openFile(projectPath, 50);
    await registerPilots(EventStore.fromDb(db), 3);
    const holder = await openFile(projectPath);
    const release = await holdWriteLock(holder);
    const error = await failureOf(replayEvents(db, { projectKey: P }));
    expect(error).toMatchObject({ code: 'STORE_BUSY' });
    await release();
    await closeFleetDb(holder);
    expect(await db.$count(pilotsTable)).toBe(3);
    expect((await replayEvents(db, { projectKey: P })).events).toBe(3);
    await closeFleetDb(db);
  });

  // Invariant: a process killed (SIGKILL) in the middle of a replay leaves the file intact and the projections
  // either as they were or fully rebuilt (here the same tables): the transaction is all or nothing.
  test('sigkill_mid_replay_leaves_the_projections_whole', async () => {
    const projectPath = tempProject();
    const db = await openFile(projectPath);
    const store = EventStore.fromDb(db);
    await registerPilots(store, 400);
    for (let i = 0; i < 100; i += 1) {
      await store.append(
        createEvent('message_sent', {
          project_key: P,
          message_id: `msg-${String(i)}`,
          from: 'p-1',
          to: ['p-2'],
          subject: 's',
          body: 'b',
        }),
        P,
      );
    }
    const live = await projectionSnapshot(db, P);
    for (let round = 0; round < 4; round += 1) {
      const worker = spawnFixture('replay-forever.ts', [projectPath, P]);
      const output = new LineReader(worker.stdout);
      expect(await output.next()).toBe('chunk');
      await Bun.sleep(Math.random() * 150);
      worker.kill('SIGKILL');
      await worker.exited;
      expect(worker.signalCode).toBe('SIGKILL');
      // The file is checked on a connection of its own: FTS5 keeps each connection's copy of its index
      // structure, and `integrity_check` on a connection that has not read the table since another process
      // committed (the killed replayer's earlier, complete replays) compares against the stale copy and reports
      // "malformed inverted index" (measured: a fresh connection, or the same one after any read of the table,
      // reports ok; searches on it are right).
      const fresh = await openFile(projectPath);
      expect(await fresh.$client.get({ sql: 'PRAGMA integrity_check' })).toEqual({ integrity_check: 'ok' });
      await closeFleetDb(fresh);
      expect(await projectionSnapshot(db, P)).toEqual(live);
    }
    await registerPilots(store, 1, 'after');
    expect((await replayEvents(db, { projectKey: P })).events).toBe(501);
    await closeFleetDb(db);
  }, 30_000);

  // Invariant: a replay that fails half-way (its progress callback throws) changes nothing.
  test('file_replay_failing_midway_changes_nothing', async () => {
    const db = await openFile();
    const store = EventStore.fromDb(db);
    await registerPilots(store, 3);
    await db.$client.all({ sql: 'DELETE FROM pilots WHERE callsign = ?', args: ['p-0'] });
    const before = await db.select().from(pilotsTable);
    const error = await failureOf(
      replayEvents(db, {
        projectKey: P,
        chunkSize: 1,
        onProgress: ({ replayed }) => {
          if (replayed === 2) throw new Error('progress sink failed');
        },
      }),
    );
    expect(error).toEqual(new Error('progress sink failed'));
    expect(await db.select().from(pilotsTable)).toEqual(before);
    await replayEvents(db, { projectKey: P });
    expect(await db.$count(pilotsTable)).toBe(3);
    await closeFleetDb(db);
  });
});
