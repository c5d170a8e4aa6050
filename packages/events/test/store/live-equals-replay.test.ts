/**
 * Guarantee 7 (design.md §4): for any sequence of events, the projections built live by the store equal the
 * projections rebuilt by `replayEvents`, and replaying again changes nothing. Plus replay's own contract:
 * chunking, progress, empty projects, and isolation between projects.
 */
import { describe, expect, test } from 'bun:test';
import { type FleetDB } from '@fleettools/db';
import fc from 'fast-check';

import {
  EventStore,
  PROJECTION_TABLES,
  replayEvents,
  type FleetEvent,
  type FleetEventInput,
  type ReplayProgress,
} from '../../src/index.js';
import { arbitraryEventSequence } from '../support/arbitraries.js';
import { inOneWrite } from '../support/in-one-write.js';
import { appendAllowed } from '../support/append-allowed.js';
import { projectionSnapshot, rowCounts, storeSnapshot } from '../support/projection-snapshot.js';
import { openTestDb, onTarget, TARGETS } from '../support/target.js';

const P = '/test/project';
const OTHER = '/other/project';

/**
 * Sequences of up to six interleaved stories: big enough to touch every table, small enough for 2 cores. Event
 * ids are unique across the whole database (they are its primary key), so each project's ids get their own
 * suffix: two sequences drawn with the same seed must not share ids.
 */
const sequences = (projectKey = P) =>
  arbitraryEventSequence({ projectKey, mischief: true }).map((events) =>
    projectKey === P ? events : events.map((event) => ({ ...event, id: `${event.id}o` })),
  );

/**
 * How the live appends are grouped: each number is the size of the next `appendMany` (1 = a lone `append`),
 * so single appends and batches both feed the projections.
 */
const batchSizes = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 });

/** Appends `events` live, in order, in batches of the given sizes (cycling), skipping what the rules refuse. */
async function appendLive(
  store: EventStore,
  events: readonly FleetEventInput[],
  sizes: readonly number[],
  projectKey = P,
): Promise<void> {
  await appendAllowed(store, events as unknown as FleetEvent[], sizes, projectKey);
}

/** A fresh in-memory database with `events` appended live. */
async function liveDb(
  events: readonly FleetEventInput[],
  sizes: readonly number[] = [1],
  projectKey = P,
): Promise<FleetDB> {
  const db = openTestDb();
  await appendLive(EventStore.fromDb(db), events, sizes, projectKey);
  return db;
}

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('live equals replay', () => {
    // Projections built by live appends (single and batched) equal projections rebuilt by replayEvents, and
    // replaying twice gives the same tables again.
    test('live_projections_equal_replayed_projections', async () => {
      await fc.assert(
        fc.asyncProperty(sequences(), batchSizes, async (events, sizes) => {
          const db = await liveDb(events, sizes);
          // The rules may refuse some generated events (and record refusals): the log is what replay folds.
          const stored = await EventStore.fromDb(db).count(P);
          const live = await projectionSnapshot(db, P);

          const first = await replayEvents(db, { projectKey: P });
          expect(first.events).toBe(stored);
          const replayed = await projectionSnapshot(db, P);
          expect(replayed).toEqual(live);

          await replayEvents(db, { projectKey: P });
          expect(await projectionSnapshot(db, P)).toEqual(replayed);
        }),
        { numRuns: 100 },
      );
    }, 30_000);

    // The property is not vacuous: across sequences, the live projections fill every projection table.
    test('generated_sequences_feed_every_projection_table', async () => {
      const filled = new Set<string>();
      for (const events of fc.sample(sequences(), { numRuns: 40, seed: 7 })) {
        const counts = rowCounts(await projectionSnapshot(await liveDb(events), P));
        for (const table of PROJECTION_TABLES) if (counts[table] > 0) filled.add(table);
      }
      expect([...filled].sort()).toEqual([...PROJECTION_TABLES].sort());
    });

    // Replay rebuilds from the log alone: projections wiped by hand come back exactly as they were live.
    test('replay_rebuilds_wiped_projections', async () => {
      await fc.assert(
        fc.asyncProperty(sequences(), async (events) => {
          const db = await liveDb(events);
          const live = await projectionSnapshot(db, P);
          await inOneWrite(
            db,
            PROJECTION_TABLES.map((table) => `DELETE FROM ${table}`),
          );
          await replayEvents(db, { projectKey: P });
          expect(await projectionSnapshot(db, P)).toEqual(live);
        }),
        { numRuns: 15 },
      );
    }, 30_000);

    // Chunking is invisible: replay in chunks of 3 gives the same tables as replay with the default chunk size.
    test('replay_chunk_size_does_not_change_projections', async () => {
      await fc.assert(
        fc.asyncProperty(sequences(), fc.integer({ min: 1, max: 5 }), async (events, chunkSize) => {
          const db = await liveDb(events);
          const stored = await EventStore.fromDb(db).count(P);
          await replayEvents(db, { projectKey: P });
          const byDefault = await projectionSnapshot(db, P);

          const result = await replayEvents(db, { projectKey: P, chunkSize });
          expect(result.events).toBe(stored);
          expect(result.chunks).toBe(Math.ceil(stored / chunkSize));
          expect(await projectionSnapshot(db, P)).toEqual(byDefault);
        }),
        { numRuns: 20 },
      );
    });

    // Progress is reported after each chunk, `replayed` strictly increasing to `total`, `total` constant.
    test('replay_progress_increases_to_total', async () => {
      await fc.assert(
        fc.asyncProperty(sequences(), async (events) => {
          const db = await liveDb(events);
          const stored = await EventStore.fromDb(db).count(P);
          const progress: ReplayProgress[] = [];
          const result = await replayEvents(db, {
            projectKey: P,
            chunkSize: 3,
            onProgress: (step) => progress.push(step),
          });
          expect(progress).toHaveLength(result.chunks);
          expect(progress.map((step) => step.total)).toEqual(progress.map(() => stored));
          const replayed = progress.map((step) => step.replayed);
          expect(replayed).toEqual([...replayed].sort((a, b) => a - b));
          expect(new Set(replayed).size).toBe(replayed.length);
          expect(replayed.at(-1)).toBe(stored);
          replayed.forEach((count, i) => {
            expect(count).toBe(Math.min(3 * (i + 1), stored));
          });
        }),
        { numRuns: 10 },
      );
    });

    // A project without events replays to nothing: `{ events: 0 }`, no progress reported, no rows.
    test('replay_of_empty_project_is_empty', async () => {
      const db = openTestDb();
      const progress: ReplayProgress[] = [];
      const result = await replayEvents(db, { projectKey: P, onProgress: (step) => progress.push(step) });
      expect(result).toMatchObject({ events: 0, chunks: 0 });
      expect(progress).toEqual([]);
      const counts = rowCounts(await projectionSnapshot(db));
      expect(Object.values(counts).every((count) => count === 0)).toBe(true);
    });

    // Replaying one project leaves another project's projection rows, and every event, untouched.
    test('replay_of_one_project_leaves_other_projects_untouched', async () => {
      await fc.assert(
        fc.asyncProperty(sequences(P), sequences(OTHER), async (mine, theirs) => {
          const db = openTestDb();
          const store = EventStore.fromDb(db);
          await appendLive(store, mine, [1], P);
          await appendLive(store, theirs, [3], OTHER);
          const before = await storeSnapshot(db);
          const theirsBefore = await projectionSnapshot(db, OTHER);

          await replayEvents(db, { projectKey: P });

          expect(await projectionSnapshot(db, OTHER)).toEqual(theirsBefore);
          expect(await storeSnapshot(db)).toEqual(before);
        }),
        { numRuns: 15 },
      );
    });

    // Replay of a project whose projections were corrupted by hand restores them; the other project keeps its
    // (corrupted) rows, since replay only ever touches the project it was asked to rebuild.
    test('replay_repairs_only_its_own_project', async () => {
      const [mine, theirs] = fc.sample(fc.tuple(sequences(P), sequences(OTHER)), {
        numRuns: 1,
        seed: 42,
      })[0] ?? [[], []];
      const db = openTestDb();
      const store = EventStore.fromDb(db);
      await appendLive(store, mine, [2], P);
      await appendLive(store, theirs, [2], OTHER);
      const live = await projectionSnapshot(db, P);
      await db.$client.all({ sql: "UPDATE pilots SET status = 'corrupted'" });
      const theirsCorrupted = await projectionSnapshot(db, OTHER);

      await replayEvents(db, { projectKey: P });

      expect(await projectionSnapshot(db, P)).toEqual(live);
      expect(await projectionSnapshot(db, OTHER)).toEqual(theirsCorrupted);
    });
  });
});
