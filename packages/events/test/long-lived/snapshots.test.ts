/**
 * Snapshots (specs §7.1): replay starts from the newest valid snapshot and folds only the tail, and the
 * result equals a full replay; invalid snapshots (checksum, schema version, shape) are ignored.
 */
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';

import {
  configureSnapshots,
  createEvent,
  DEFAULT_SNAPSHOT_EVERY,
  EventStore,
  PROJECTION_SCHEMA_VERSION,
  replayEvents,
  ReservationConflictError,
  SnapshotNotStoredError,
  takeSnapshot,
  type FleetEvent,
  type SnapshotInfo,
} from '../../src/index.js';
import { snapshotAfterAppend } from '../../src/internal.js';
import { assertStorable, MAX_SNAPSHOT_BYTES } from '../../src/snapshots/store.js';
import { arbitraryEventSequence } from '../support/arbitraries.js';
import { appendAllowed } from '../support/append-allowed.js';
import { failureOf } from '../support/failure.js';
import { appendAll, mixedEvents, P, tables } from './support.js';
import { openTestDb, onTarget, TARGETS } from '../support/target.js';

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('snapshot + tail equals full replay', () => {
    // Invariant: for any event sequence and any snapshot point, replaying from the snapshot gives exactly the
    // tables a full replay gives (and the live ones).
    test('snapshot_plus_tail_equals_full_replay', async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryEventSequence({ projectKey: P }), fc.nat(), async (input, cut) => {
          const events = input as unknown as FleetEvent[];
          const db = openTestDb();
          const store = EventStore.fromDb(db);
          const at = events.length === 0 ? 0 : cut % (events.length + 1);
          // The coordination rules may refuse generated events (and log refusals): count what was stored.
          await appendAllowed(store, events.slice(0, at), [Math.max(at, 1)], P);
          const snapshotAt = await store.getLatestSequence(P);
          const info = await takeSnapshot(db, { projectKey: P });
          expect(info?.sequence ?? 0).toBe(snapshotAt);
          await appendAllowed(store, events.slice(at), [Math.max(events.length - at, 1)], P);
          const total = await store.getLatestSequence(P);
          const live = await tables(db);

          const fromSnapshot = await replayEvents(db, { projectKey: P });
          expect(fromSnapshot.fromSnapshot).toBe(snapshotAt === 0 ? null : snapshotAt);
          expect(fromSnapshot.events).toBe(total - snapshotAt);
          const viaSnapshot = await tables(db);
          const full = await replayEvents(db, { projectKey: P, useSnapshot: false });
          expect(full.events).toBe(total);
          expect(full.fromSnapshot).toBeNull();
          expect(viaSnapshot).toEqual(await tables(db));
          expect(viaSnapshot).toEqual(live);
        }),
        { numRuns: 40 },
      );
    }, 30_000);
  });

  describe('takeSnapshot', () => {
    test('returns null for a project without events, and keeps the newest three', async () => {
      const db = openTestDb();
      expect(await takeSnapshot(db, { projectKey: P })).toBeNull();
      const infos: SnapshotInfo[] = [];
      for (let round = 0; round < 5; round += 1) {
        await appendAll(db, mixedEvents(10, round * 10));
        const info = await takeSnapshot(db, { projectKey: P });
        if (info !== null) infos.push(info);
      }
      expect(infos.map((info) => info.sequence)).toEqual([10, 20, 30, 40, 50]);
      expect(infos[0]?.rowCount).toBeGreaterThan(0);
      expect(infos[0]?.bytes).toBeGreaterThan(0);
      expect(infos[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
      const kept = await db.$client.all({ sql: 'SELECT sequence FROM snapshots ORDER BY sequence' });
      expect(kept.map((row) => row['sequence'])).toEqual([30, 40, 50]);
      // Taking it again at the same sequence changes nothing.
      await takeSnapshot(db, { projectKey: P });
      expect((await db.$client.all({ sql: 'SELECT COUNT(*) AS n FROM snapshots' }))[0]?.n).toBe(3);
    });

    test('a failed store is a StoreWriteError', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(3));
      await db.$client.all({ sql: 'DROP TABLE snapshots' });
      expect(await takeSnapshot(db, { projectKey: P }).catch((error: unknown) => error)).toMatchObject({
        code: 'STORE_WRITE_FAILED',
      });
    });

    // Invariant: a snapshot is stored whole or the call fails; never a success that stored nothing.
    test('a snapshot the database silently drops is a SnapshotNotStoredError, and nothing changes', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(6));
      const first = await takeSnapshot(db, { projectKey: P });
      await appendAll(db, mixedEvents(3, 6));
      await db.$client.all({
        sql: 'CREATE TRIGGER drop_snapshots BEFORE INSERT ON snapshots BEGIN SELECT RAISE(IGNORE); END',
      });
      const error = await takeSnapshot(db, { projectKey: P }).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(SnapshotNotStoredError);
      expect(error).toMatchObject({
        code: 'SNAPSHOT_NOT_STORED',
        details: { project_key: P, sequence: 9, reason: 'not_stored' },
      });
      expect((error as SnapshotNotStoredError).hint?.action).toContain('take the snapshot again');
      expect(await db.$client.all({ sql: 'SELECT sequence FROM snapshots' })).toEqual([
        { sequence: first?.sequence ?? -1 },
      ]);
      await db.$client.all({ sql: 'DROP TRIGGER drop_snapshots' });
      expect(await takeSnapshot(db, { projectKey: P })).toMatchObject({ sequence: 9 });
    });

    test('a payload larger than one SQLite value is refused before writing', () => {
      expect(() => {
        assertStorable(P, 7, MAX_SNAPSHOT_BYTES);
      }).not.toThrow();
      const refusal = (() => {
        try {
          assertStorable(P, 7, MAX_SNAPSHOT_BYTES + 1);
          return undefined;
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(SnapshotNotStoredError);
      expect(refusal).toMatchObject({ details: { sequence: 7, reason: 'too_large' } });
      expect((refusal as Error).message).toContain('1000000001 bytes');
    });

    test('a failed read is a StoreWriteError', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(3));
      await db.$client.close();
      expect(await takeSnapshot(db, { projectKey: P }).catch((error: unknown) => error)).toMatchObject({
        code: 'STORE_WRITE_FAILED',
      });
    });
  });

  describe('invalid snapshots are ignored', () => {
    async function withSnapshot() {
      const db = openTestDb();
      await appendAll(db, mixedEvents(40));
      await takeSnapshot(db, { projectKey: P });
      await appendAll(db, mixedEvents(8, 40));
      const live = await tables(db);
      return { db, live };
    }

    // Each corruption must make replay fall back to the full log, with the same result.
    test.each([
      ['a wrong checksum', "UPDATE snapshots SET checksum = 'x'"],
      [
        'another projection schema version',
        `UPDATE snapshots SET schema_version = ${String(PROJECTION_SCHEMA_VERSION + 1)}`,
      ],
      ['a payload that is not JSON', "UPDATE snapshots SET payload = 'nope', checksum = '" + 'x' + "'"],
    ])('%s', async (_, corrupt) => {
      const { db, live } = await withSnapshot();
      await db.$client.all({ sql: corrupt });
      const result = await replayEvents(db, { projectKey: P });
      expect(result.fromSnapshot).toBeNull();
      expect(result.events).toBe(48);
      expect(await tables(db)).toEqual(live);
    });

    test('a payload with a valid checksum but the wrong shape', async () => {
      const { db, live } = await withSnapshot();
      const { sha256 } = await import('../../src/log/checksum.js');
      for (const payload of [
        'not json',
        'null',
        JSON.stringify({ project_key: P, sequence: 40 }),
        JSON.stringify({ project_key: P, sequence: 40, tables: { pilots: { columns: ['x'], rows: [] } } }),
        JSON.stringify({ project_key: '/other', sequence: 40, tables: {} }),
      ]) {
        await db.$client.all({
          sql: 'UPDATE snapshots SET payload = ?, checksum = ?',
          args: [payload, sha256(payload)],
        });
        const result = await replayEvents(db, { projectKey: P });
        expect(result.fromSnapshot).toBeNull();
        expect(await tables(db)).toEqual(live);
      }
    });

    test('an older valid snapshot is used when the newest is invalid', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(20));
      await takeSnapshot(db, { projectKey: P });
      await appendAll(db, mixedEvents(20, 20));
      await takeSnapshot(db, { projectKey: P });
      const live = await tables(db);
      await db.$client.all({ sql: "UPDATE snapshots SET checksum = 'bad' WHERE sequence = 40" });
      const result = await replayEvents(db, { projectKey: P });
      expect(result).toMatchObject({ fromSnapshot: 20, events: 20 });
      expect(await tables(db)).toEqual(live);
    });
  });

  describe('automatic snapshots', () => {
    test('one is taken when an append crosses a multiple of `every`, never otherwise', async () => {
      const db = openTestDb();
      const taken: SnapshotInfo[] = [];
      configureSnapshots(db, { every: 10, onSnapshot: (info) => taken.push(info) });
      const store = EventStore.fromDb(db);
      // The store itself triggers them: each is queued behind the append that crossed the multiple.
      for (const event of mixedEvents(25)) await store.append(event, P);
      await until(() => taken.length === 2);
      expect(taken.map((info) => info.sequence)).toEqual([10, 20]);
      // A batch that jumps over a multiple counts too.
      await store.appendMany(mixedEvents(7, 25), P);
      await until(() => taken.length === 3);
      expect(taken.map((info) => info.sequence)).toEqual([10, 20, 32]);
    });

    test("the coordination rules' records count: a refusal's record, a warning's, reclaimStale's releases", async () => {
      const db = openTestDb();
      const taken: SnapshotInfo[] = [];
      configureSnapshots(db, { every: 2, onSnapshot: (info) => taken.push(info) });
      const store = EventStore.fromDb(db);
      // Half an hour ago, on the store's clock (which judges expiry and staleness).
      const start = Date.now() - 30 * 60_000;
      const at = (second: number) => new Date(start + second * 1000).toISOString();
      const reserve = (callsign: string, id: string, path: string, second: number, warn = false) =>
        store.append(
          createEvent('file_reserved', {
            project_key: P,
            timestamp: at(second),
            reservation_id: id,
            callsign,
            paths: [path],
            ...(warn ? { on_conflict: 'warn' as const } : {}),
          }),
          P,
        );
      for (const [second, callsign] of ['viper-1', 'viper-2'].entries()) {
        await store.append(
          createEvent('pilot_registered', { project_key: P, timestamp: at(second), callsign }),
          P,
        );
      }
      await until(() => taken.length === 1);
      await reserve('viper-1', 'rsv-1', 'src/**', 2); // 3
      // Refused: only its file_conflict record is stored (4), and it crosses the multiple.
      expect(await failureOf(reserve('viper-2', 'rsv-2', 'src/a.ts', 3))).toBeInstanceOf(
        ReservationConflictError,
      );
      await until(() => taken.length === 2);
      // Granted with a warning: the reservation (5), then its file_conflict record (6).
      await reserve('viper-2', 'rsv-3', 'src/b.ts', 4, true);
      await until(() => taken.length === 3);
      // Now, half an hour later, both pilots are stale (TTL 5 min) and their reservations live (1 h): two releases (7, 8).
      expect(await store.reclaimStale({ projectKey: P })).toHaveLength(2);
      await until(() => taken.length === 4);
      expect(taken.map((info) => info.sequence)).toEqual([2, 4, 6, 8]);
    });

    test('the default is every 10,000 events; 0 turns them off; a burst starts one snapshot', async () => {
      const db = openTestDb();
      expect(DEFAULT_SNAPSHOT_EVERY).toBe(10_000);
      expect(snapshotAfterAppend(db.$client, P, 9_999, 1)).toBeUndefined();
      await appendAll(db, mixedEvents(3));
      const first = snapshotAfterAppend(db.$client, P, 10_000, 1);
      expect(snapshotAfterAppend(db.$client, P, 10_000, 1)).toBeUndefined();
      expect(await first).toMatchObject({ sequence: 3 });
      configureSnapshots(db, { every: 0 });
      expect(snapshotAfterAppend(db.$client, P, 20_000, 1)).toBeUndefined();
      expect(() => {
        configureSnapshots(db, { every: -1 });
      }).toThrow(RangeError);
    });

    test('a failing snapshot never fails the append: its error goes to onError', async () => {
      const db = openTestDb();
      const errors: unknown[] = [];
      const taken: SnapshotInfo[] = [];
      configureSnapshots(db, {
        every: 1,
        onError: (error) => errors.push(error),
        onSnapshot: (i) => taken.push(i),
      });
      await appendAll(db, mixedEvents(2));
      await until(() => taken.length > 0 && taken.at(-1)?.sequence === 2);
      await db.$client.close();
      expect(await snapshotAfterAppend(db.$client, P, 3, 1)).toBeNull();
      expect(errors).toHaveLength(1);
      // Without an onError, the failure is swallowed too.
      const other = openTestDb();
      configureSnapshots(other, { every: 1 });
      await other.$client.close();
      expect(await snapshotAfterAppend(other.$client, P, 1, 1)).toBeNull();
      // An empty project gives no snapshot and calls nothing.
      const empty = openTestDb();
      configureSnapshots(empty, { every: 1, onSnapshot: () => errors.push('unexpected') });
      expect(await snapshotAfterAppend(empty.$client, P, 1, 1)).toBeNull();
      expect(errors).toHaveLength(1);
    });
  });

  /** Waits (up to 2 s) until `done()` holds: automatic snapshots run in the background, after their append. */
  async function until(done: () => boolean): Promise<void> {
    for (let waited = 0; !done() && waited < 2_000; waited += 5) await Bun.sleep(5);
    expect(done()).toBe(true);
  }
});
