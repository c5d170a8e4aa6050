/**
 * Compaction (specs §7.2): events covered by a snapshot move to the archive in verified steps; archived
 * events stay readable (`include_archived`, full replay); cursors into compacted history are refused; the
 * log stays immutable for everything else.
 */
import { describe, expect, test } from 'bun:test';
import { closeFleetDb, type FleetDB } from '@fleettools/db';

import {
  compact,
  CursorCompactedError,
  EventStore,
  replayEvents,
  takeSnapshot,
  type FleetEvent,
} from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { appendAll, mixedEvents, P, tables } from './support.js';
import { openTestDb, onTarget, TARGETS } from '../support/target.js';

async function compactedProject(n = 200, snapshotAt = 150, segmentSize = 40) {
  const db = openTestDb();
  await appendAll(db, mixedEvents(snapshotAt));
  await takeSnapshot(db, { projectKey: P });
  await appendAll(db, mixedEvents(n - snapshotAt, snapshotAt));
  const store = EventStore.fromDb(db);
  const before = {
    events: await store.query({ project_key: P }),
    tables: await tables(db),
  };
  const result = await compact(db, { projectKey: P, before: 1_000, segmentSize });
  return { db, store, before, result };
}

async function liveCount(db: FleetDB): Promise<number> {
  return Number((await db.$client.all({ sql: 'SELECT COUNT(*) AS n FROM events' }))[0]?.n);
}

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('compact', () => {
    test('moves covered events to the archive; the newest event of each stream stays live', async () => {
      const { db, store, before, result } = await compactedProject();
      expect(result.snapshotSequence).toBe(150);
      expect(result.compactedBefore).toBe(151);
      expect(result.archived).toBeGreaterThan(100);
      expect(result.segments).toBeGreaterThan(1);
      expect(await liveCount(db)).toBe(200 - result.archived);
      // Every event is live or archived, exactly once, and reads give the same answers as before.
      expect(await store.query({ project_key: P, include_archived: true })).toEqual(before.events);
      expect(await store.count(P, { include_archived: true })).toBe(200);
      expect(await store.count(P)).toBe(200 - result.archived);
      // Counts without a type, stream or time filter are arithmetic: they agree with the rows, on both sides
      // of the watermark.
      for (const after of [0, 37, 150, 199, 200, 250]) {
        expect(await store.count(P, { include_archived: true, after_sequence: after })).toBe(
          before.events.filter((e) => (e.sequence ?? 0) > after).length,
        );
      }
      // Pages of archived and live events merged, read segment by segment from the page's end, in both orders.
      for (const limit of [1, 7, 45, 60, 120, 199, 250]) {
        expect(await store.query({ project_key: P, include_archived: true, limit })).toEqual(
          before.events.slice(0, limit),
        );
        expect(await store.query({ project_key: P, include_archived: true, order: 'desc', limit })).toEqual(
          [...before.events].reverse().slice(0, limit),
        );
      }
      // Appends go on numbering from where they were.
      const [next] = mixedEvents(1, 200);
      if (next === undefined) throw new Error('no event');
      expect((await store.append(next, P)).sequence).toBe(201);
      // Projections are untouched; a replay from the snapshot and a full replay from the archive agree.
      await replayEvents(db, { projectKey: P });
      const viaSnapshot = await tables(db);
      const full = await replayEvents(db, { projectKey: P, useSnapshot: false, chunkSize: 7 });
      expect(full.archived).toBe(result.archived);
      expect(full.events).toBe(201);
      expect(await tables(db)).toEqual(viaSnapshot);
      expect(before.tables.pilots.length).toBeGreaterThan(0);
    });

    test('filters, order and limit read through the archive as they did before', async () => {
      const { store, before } = await compactedProject();
      const all = before.events;
      const cases: [Parameters<EventStore['query']>[0], FleetEvent[]][] = [
        [{ project_key: P, types: ['message_sent'] }, all.filter((e) => e.type === 'message_sent')],
        [
          { project_key: P, stream_id: 'pilot:pilot-9' },
          all.filter(
            (e) =>
              'callsign' in e &&
              e.callsign === 'pilot-9' &&
              (e.type === 'pilot_active' || e.type === 'pilot_registered'),
          ),
        ],
        [{ project_key: P, after_sequence: 17, limit: 5 }, all.slice(17, 22)],
        [{ project_key: P, order: 'desc', limit: 3 }, all.slice(-3).reverse()],
        [
          { project_key: P, since: all[10]?.timestamp ?? '', until: all[20]?.timestamp ?? '' },
          all.slice(10, 20),
        ],
      ];
      for (const [options, expected] of cases) {
        expect(await store.query({ ...options, include_archived: true })).toEqual(expected);
      }
      expect(await store.count(P, { types: ['message_sent'], include_archived: true })).toBe(
        cases[0]?.[1].length ?? -1,
      );
    });

    test('a cursor into compacted history is a CursorCompactedError naming the oldest live sequence', async () => {
      const { store } = await compactedProject();
      const error = await failureOf(store.query({ project_key: P, after_sequence: 10 }));
      expect(error).toBeInstanceOf(CursorCompactedError);
      expect(error).toMatchObject({
        code: 'CURSOR_COMPACTED',
        details: { after_sequence: 10, oldest_live_sequence: 151 },
      });
      expect(await failureOf(store.count(P, { after_sequence: 0 }))).toBeInstanceOf(CursorCompactedError);
      // From the oldest live sequence on, cursors read as always.
      expect((await store.query({ project_key: P, after_sequence: 150 })).map((e) => e.sequence)).toEqual(
        Array.from({ length: 50 }, (_, i) => 151 + i),
      );
      expect(await store.count(P, { after_sequence: 150 })).toBe(50);
    });

    test('is idempotent and goes no further than the snapshot', async () => {
      const { db, result } = await compactedProject();
      const again = await compact(db, { projectKey: P, before: 1_000 });
      expect(again).toMatchObject({ archived: 0, segments: 0, compactedBefore: 151 });
      expect(result.archived).toBeGreaterThan(0);
      // A later snapshot lets a later compaction go on; ex-heads below the old watermark stay live.
      await appendAll(db, mixedEvents(40, 200));
      await takeSnapshot(db, { projectKey: P });
      const later = await compact(db, { projectKey: P, before: 220 });
      expect(later.compactedBefore).toBe(220);
      const store = EventStore.fromDb(db);
      expect(await store.count(P, { include_archived: true })).toBe(240);
    });

    test('refuses without a valid snapshot, and validates its options', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(10));
      expect(await failureOf(compact(db, { projectKey: P, before: 5 }))).toMatchObject({
        code: 'SNAPSHOT_REQUIRED',
      });
      expect(await failureOf(compact(db, { projectKey: P, before: 0 }))).toMatchObject({
        code: 'OPTIONS_INVALID',
      });
      await takeSnapshot(db, { projectKey: P });
      expect(await compact(db, { projectKey: P, before: 1 })).toMatchObject({
        archived: 0,
        compactedBefore: 0,
      });
    });

    test('a busy or closed database is a typed error', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(10));
      await takeSnapshot(db, { projectKey: P });
      await closeFleetDb(db);
      expect(await failureOf(compact(db, { projectKey: P, before: 5 }))).toMatchObject({ code: 'DB_CLOSED' });
    });
  });

  describe('immutability after compaction', () => {
    // Invariant: the permit-aware trigger still aborts every DELETE/UPDATE/REPLACE outside compaction.
    test('deletes, updates and replaces of events and archived segments are still refused', async () => {
      const { db } = await compactedProject();
      const client = db.$client;
      const refused = [
        'DELETE FROM events',
        `DELETE FROM events WHERE sequence = 200`,
        "UPDATE events SET type = 'x'",
        'INSERT OR REPLACE INTO events SELECT * FROM events WHERE sequence = 200',
        'DELETE FROM archive_segments',
        "UPDATE archive_segments SET checksum = 'x'",
      ];
      for (const sql of refused) {
        expect(String(await failureOf(client.run({ sql })))).toContain('immutable');
      }
      // A permit left behind for another project or range allows nothing here.
      await client.run({ sql: "INSERT INTO compaction_permits VALUES ('/elsewhere', 1, 1000)" });
      expect(
        String(await failureOf(client.run({ sql: 'DELETE FROM events WHERE sequence = 200' }))),
      ).toContain('immutable');
    });

    test('a corrupted segment is an ArchiveVerificationError on read', async () => {
      const { db, store, before } = await compactedProject();
      // Triggers forbid UPDATE; recreate the row's payload through a fresh table copy to simulate bit rot.
      for (const sql of [
        'CREATE TABLE rot AS SELECT * FROM archive_segments',
        'DROP TRIGGER archive_segments_no_delete',
        'DROP TRIGGER archive_segments_no_update',
        "UPDATE archive_segments SET checksum = 'bad' WHERE first_sequence = (SELECT MIN(first_sequence) FROM rot)",
      ]) {
        await db.$client.run({ sql });
      }
      expect(await failureOf(store.query({ project_key: P, include_archived: true }))).toMatchObject({
        code: 'ARCHIVE_VERIFICATION_FAILED',
      });
      // A page reads only the segments it needs: the newest 60 events never touch the oldest segment, the
      // oldest 10 do.
      expect(await store.query({ project_key: P, include_archived: true, order: 'desc', limit: 60 })).toEqual(
        before.events.slice(-60).reverse(),
      );
      expect(
        await failureOf(store.query({ project_key: P, include_archived: true, limit: 10 })),
      ).toMatchObject({ code: 'ARCHIVE_VERIFICATION_FAILED' });
      await db.$client.all({ sql: "UPDATE archive_segments SET payload = X'00', checksum = 'bad'" });
      // The newest 10 are live: no segment is read at all.
      expect(await store.query({ project_key: P, include_archived: true, order: 'desc', limit: 10 })).toEqual(
        before.events.slice(-10).reverse(),
      );
      expect(await failureOf(replayEvents(db, { projectKey: P, useSnapshot: false }))).toMatchObject({
        code: 'ARCHIVE_VERIFICATION_FAILED',
      });
      await db.$client.all({
        sql: 'UPDATE archive_segments SET payload = (SELECT payload FROM rot WHERE rot.first_sequence = archive_segments.first_sequence), event_count = event_count + 1',
      });
      await db.$client.all({
        sql: 'UPDATE archive_segments SET checksum = (SELECT checksum FROM rot WHERE rot.first_sequence = archive_segments.first_sequence)',
      });
      // (a count by type reads the segments; a count of everything is sequence arithmetic and reads none)
      expect(
        await failureOf(store.count(P, { include_archived: true, types: ['message_sent'] })),
      ).toMatchObject({
        code: 'ARCHIVE_VERIFICATION_FAILED',
      });
    });
  });

  describe('the delete of a segment is checked', () => {
    // Invariant: compaction deletes exactly the rows it archived; any other count rolls the segment back.
    test('a delete that would remove more rows than archived is an ArchiveVerificationError, nothing moved', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(30));
      await takeSnapshot(db, { projectKey: P });
      const stream = await db.$client.get({ sql: 'SELECT stream_id FROM events WHERE sequence = 1' });
      // A row slipped into the range inside the transaction (sequence 1.5 passes the range test).
      await db.$client.run({
        sql: `CREATE TRIGGER sneak AFTER INSERT ON compaction_permits BEGIN
              INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data)
              VALUES ('evt-sneak', NEW.project_key, 1.5, 'pilot_active', '${String(stream?.['stream_id'])}', 0.5,
                      '2025-01-01T00:00:00.000Z', '{}');
            END`,
      });
      const before = await tables(db);
      expect(await failureOf(compact(db, { projectKey: P, before: 20 }))).toMatchObject({
        code: 'ARCHIVE_VERIFICATION_FAILED',
      });
      expect(await tables(db)).toEqual(before);
      expect(await db.$client.get({ sql: 'SELECT COUNT(*) AS n FROM archive_segments' })).toEqual({ n: 0 });
    });
  });

  describe('replay from a snapshot older than the archive watermark', () => {
    test('merges archived and live events of the straddled segments by sequence', async () => {
      const db = openTestDb();
      await appendAll(db, mixedEvents(60));
      await takeSnapshot(db, { projectKey: P });
      await appendAll(db, mixedEvents(60, 60));
      await takeSnapshot(db, { projectKey: P });
      await compact(db, { projectKey: P, before: 200, segmentSize: 25 });
      const expected = await tables(db);
      // The newest snapshot is corrupt: replay restores the one at 60, which lies inside the archive.
      await db.$client.all({ sql: "UPDATE snapshots SET checksum = 'bad' WHERE sequence = 120" });
      const progress: number[] = [];
      const result = await replayEvents(db, { projectKey: P, onProgress: (p) => progress.push(p.total) });
      expect(result.fromSnapshot).toBe(60);
      expect(result.events).toBe(60);
      expect(result.archived).toBeGreaterThan(0);
      expect(new Set(progress)).toEqual(new Set([60]));
      expect(await tables(db)).toEqual(expected);
    });
  });
});

describe('the space compaction frees', () => {
  onTarget('file');

  // A new project's file is created with auto_vacuum=INCREMENTAL: compaction gives the pages it freed back
  // to the disk, so the file shrinks with no VACUUM, and nothing is left on the free list.
  test('goes back to the disk: the file shrinks and its free list is empty', async () => {
    const db = openTestDb();
    await appendAll(db, mixedEvents(3000));
    await takeSnapshot(db, { projectKey: P });
    const pragma = async (name: string) =>
      Number(Object.values((await db.$client.all({ sql: `PRAGMA ${name}` }))[0] ?? {})[0]);
    expect(await pragma('auto_vacuum')).toBe(2);
    const pagesBefore = await pragma('page_count');
    const result = await compact(db, { projectKey: P, before: 3_000, segmentSize: 500 });
    expect(result.archived).toBeGreaterThan(2000);
    expect(await pragma('freelist_count')).toBe(0);
    expect(await pragma('page_count')).toBeLessThan(pagesBefore);
    expect(await EventStore.fromDb(db).count(P, { include_archived: true })).toBe(3000);
    await closeFleetDb(db);
  });
});
