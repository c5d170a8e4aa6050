import type { Database } from 'bun:sqlite';
import { statSync } from 'node:fs';

import {
  compact,
  configureSnapshots,
  createEvent,
  projectionStatements,
  replayEvents,
  takeSnapshot,
  type FleetEvent,
} from '@fleettools/events';

import { gapFreeCheck, libsqlSequenceStats } from '../lib/checks.js';
import { PROJECT, workloadEvent, workloadPrologue } from '../lib/events.js';
import { figureFromNs } from '../lib/figures.js';
import { closeProject, openProject, openProjectAt } from '../lib/fleet.js';
import { FloorSequencer, INSERT_EVENT, openSqlite } from '../lib/floor.js';
import type { Recorder } from '../lib/scenario.js';

const PILOTS = 8;
const SORTIES = 20;

/**
 * The `i`-th event of a long-lived project whose state stays bounded: heartbeats, sortie progress, durable
 * cursors and context compactions over a fixed set of pilots, sorties and consumers (its projections hold a few
 * dozen rows however long it runs). Timestamped `i` ms after `startMs`.
 */
function boundedEvent(i: number, startMs: number): FleetEvent {
  const common = { project_key: PROJECT, timestamp: new Date(startMs + i).toISOString() };
  const pilot = `pilot-${String(i % PILOTS)}`;
  switch (i % 5) {
    case 0:
    case 1:
      return createEvent('pilot_active', { ...common, callsign: pilot });
    case 2:
      return createEvent('sortie_progress', {
        ...common,
        sortie_id: `sortie-s${String(i % SORTIES)}`,
        callsign: pilot,
        progress: i % 101,
      });
    case 3:
      return createEvent('cursor_moved', { ...common, consumer: `consumer-${String(i % 4)}`, position: i });
    default:
      return createEvent('context_compacted', { ...common, callsign: pilot, tokens_before: 100_000 + i });
  }
}

/** The pilots and sorties of the bounded project, registered and started before its events. */
function boundedPrologue(startMs: number): FleetEvent[] {
  const common = { project_key: PROJECT, timestamp: new Date(startMs - 1).toISOString() };
  return [
    ...Array.from({ length: PILOTS }, (_, n) =>
      createEvent('pilot_registered', { ...common, callsign: `pilot-${String(n)}` }),
    ),
    ...Array.from({ length: SORTIES }, (_, n) =>
      createEvent('sortie_created', {
        ...common,
        sortie_id: `sortie-s${String(n)}`,
        title: `Sortie ${String(n)}`,
      }),
    ),
  ];
}

/**
 * Writes events and their projection rows straight through `bun:sqlite` (setup, not measured): the very rows
 * and projection statements the store would write, in one transaction per call.
 */
class FastSeeder {
  readonly #db: Database;
  readonly #sequencer: FloorSequencer;

  /** `sequencer` carries sequences and stream versions over from an earlier seeder of the same file. */
  constructor(file: string, sequencer = new FloorSequencer()) {
    this.#db = openSqlite(file);
    this.#sequencer = sequencer;
  }

  /** The sequencer, to continue numbering in a later seeder. */
  get sequencer(): FloorSequencer {
    return this.#sequencer;
  }

  write(events: readonly FleetEvent[]): void {
    const insert = this.#db.prepare(INSERT_EVENT);
    this.#db
      .transaction(() => {
        for (const event of events) {
          insert.run(...this.#sequencer.eventRow(event));
          for (const statement of projectionStatements(event)) {
            this.#db.query(statement.sql).run(...(statement.args as (string | number | null)[]));
          }
        }
      })
      .immediate();
  }

  close(): void {
    this.#db.close();
  }
}

/** Seeds `count` events produced by `make` in batches of 50,000 (memory stays flat). */
function seed(seeder: FastSeeder, from: number, count: number, make: (i: number) => FleetEvent): void {
  for (let at = from; at < from + count; at += 50_000) {
    const batch: FleetEvent[] = [];
    for (let i = at; i < Math.min(from + count, at + 50_000); i += 1) batch.push(make(i));
    seeder.write(batch);
  }
}

/** Size of the database file and its WAL, in bytes. */
function fileBytes(file: string): number {
  const size = (path: string): number => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return size(file) + size(`${file}-wal`);
}

/** Snapshots, compaction and automatic snapshots of long-lived projects (specs §7). */
export async function runLongLived(recorder: Recorder): Promise<void> {
  const { events, tail, runs, compactEvents, autoAppends, autoEvery } = recorder.config.longLived;

  await recorder.run(
    'snapshot.replay',
    'long-lived',
    `replayEvents of a ${events.toLocaleString('en-US')}-event project from its latest snapshot (${String(tail)} events after it)`,
    async () => {
      const created = await openProject(recorder, 'snapshot-replay');
      const startMs = Date.now() - events - 1000;
      const make = (i: number): FleetEvent => boundedEvent(i, startMs);
      await closeProject(created);
      const seeder = new FastSeeder(created.file);
      const prologue = boundedPrologue(startMs);
      seeder.write(prologue);
      const total = prologue.length + events;
      seed(seeder, 0, events - tail, make);
      seeder.close();
      let project = await openProjectAt(created.dir);
      const snapshot = await takeSnapshot(project.db, { projectKey: PROJECT });
      await closeProject(project);
      const tailSeeder = new FastSeeder(created.file, seeder.sequencer);
      seed(tailSeeder, events - tail, tail, make);
      tailSeeder.close();
      project = await openProjectAt(created.dir);
      try {
        const durationsNs: number[] = [];
        let folded = -1;
        let from: number | null = null;
        for (let run = 0; run < runs; run += 1) {
          const started = Bun.nanoseconds();
          const result = await replayEvents(project.db, { projectKey: PROJECT });
          durationsNs.push(Bun.nanoseconds() - started);
          folded = result.events;
          from = result.fromSnapshot;
        }
        return {
          unit: 'events/s',
          fleet: figureFromNs(durationsNs, total / (Math.min(...durationsNs) / 1e9)),
          extra: {
            'snapshot rows': snapshot?.rowCount ?? 0,
            'snapshot bytes': snapshot?.bytes ?? 0,
            'snapshot read ms': snapshot?.readMs ?? 0,
          },
          checks: [
            {
              name: 'replay started from the snapshot and folded only the tail',
              ok: from === total - tail && folded === tail,
              detail: `from ${String(from)}, folded ${String(folded)}`,
            },
            gapFreeCheck('the log is intact', await libsqlSequenceStats(project.db.$client), total),
          ],
        };
      } finally {
        await closeProject(project);
      }
    },
  );

  await recorder.run(
    'compaction.size',
    'long-lived',
    `compact a ${compactEvents.toLocaleString('en-US')}-event project (mixed workload) behind its snapshot`,
    async () => {
      const created = await openProject(recorder, 'compaction');
      await closeProject(created);
      const startMs = Date.now() - compactEvents - 1000;
      const seeder = new FastSeeder(created.file);
      seeder.write(workloadPrologue(startMs));
      seed(seeder, 0, compactEvents, (i) => workloadEvent(i, startMs));
      seeder.close();
      const total = compactEvents + workloadPrologue(startMs).length;
      const project = await openProjectAt(created.dir);
      try {
        await project.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        const before = fileBytes(project.file);
        const snapshot = await takeSnapshot(project.db, { projectKey: PROJECT });
        const started = Bun.nanoseconds();
        const result = await compact(project.db, {
          projectKey: PROJECT,
          before: (snapshot?.sequence ?? 0) + 1,
        });
        const elapsed = Bun.nanoseconds() - started;
        await project.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        const after = fileBytes(project.file);
        await project.db.$client.execute('VACUUM');
        await project.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        const vacuumed = fileBytes(project.file);
        const readable = await project.store.count(PROJECT, { include_archived: true });
        return {
          unit: 'events/s',
          fleet: figureFromNs([elapsed], result.archived / (elapsed / 1e9)),
          extra: {
            'events archived': result.archived,
            'events left live': total - result.archived,
            'file bytes before': before,
            'file bytes after compaction': after,
            'file bytes after VACUUM': vacuumed,
          },
          checks: [
            {
              name: 'every event is still readable (live + archived)',
              ok: readable === total,
              detail: `${String(readable)} of ${String(total)}`,
            },
          ],
        };
      } finally {
        await closeProject(project);
      }
    },
  );

  await recorder.run(
    'snapshot.auto',
    'long-lived',
    `append right after an automatic snapshot (every ${String(autoEvery)} events, bounded state)`,
    async () => {
      const project = await openProject(recorder, 'auto-snapshot');
      try {
        const startMs = Date.now();
        await project.store.appendMany(boundedPrologue(startMs), PROJECT);
        const snapshots: number[] = [];
        configureSnapshots(project.db, {
          every: autoEvery,
          onSnapshot: (info) => snapshots.push(info.readMs),
        });
        const afterSnapshotNs: number[] = [];
        const otherNs: number[] = [];
        // The store queues a snapshot behind each append that reaches a multiple of `every`: the append after
        // it waits for that snapshot.
        let waitsForSnapshot = false;
        for (let i = 0; i < autoAppends; i += 1) {
          const event = boundedEvent(i, startMs);
          const started = Bun.nanoseconds();
          const stored = await project.store.append(event, PROJECT);
          (waitsForSnapshot ? afterSnapshotNs : otherNs).push(Bun.nanoseconds() - started);
          waitsForSnapshot = (stored.sequence ?? 0) % autoEvery === 0;
        }
        await project.store.count(PROJECT);
        const baseline = figureFromNs(otherNs);
        return {
          fleet: figureFromNs(afterSnapshotNs),
          extra: {
            'snapshots taken': snapshots.length,
            'append p50 without snapshot (µs)': baseline.p50Us,
            'snapshot read held the queue (ms, max)': Math.max(0, ...snapshots),
          },
          checks: [
            {
              name: 'a snapshot was taken at every multiple',
              ok: snapshots.length >= Math.floor(autoAppends / autoEvery) - 1,
              detail: `${String(snapshots.length)} snapshots`,
            },
          ],
        };
      } finally {
        await closeProject(project);
      }
    },
  );
}
