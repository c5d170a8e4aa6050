import { statSync } from 'node:fs';

import {
  compact,
  configureSnapshots,
  createEvent,
  replayEvents,
  takeSnapshot,
  type FleetEvent,
} from '@fleettools/events';

import { fleetSequenceStats, gapFreeCheck } from '../lib/checks.js';
import { PROJECT, workloadEvent, workloadPrologue } from '../lib/events.js';
import { figureFromNs } from '../lib/figures.js';
import { closeProject, openProject } from '../lib/fleet.js';
import type { Recorder } from '../lib/scenario.js';
import { DirectSeeder } from '../lib/seeder.js';

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
      const project = await openProject(recorder, 'snapshot-replay');
      const startMs = Date.now() - events - 1000;
      const make = (i: number): FleetEvent => boundedEvent(i, startMs);
      const seeder = new DirectSeeder(project.db, { projections: true });
      const prologue = boundedPrologue(startMs);
      await seeder.write(prologue);
      const total = prologue.length + events;
      await seeder.seed(0, events - tail, make);
      const snapshot = await takeSnapshot(project.db, { projectKey: PROJECT });
      await seeder.seed(events - tail, tail, make);
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
          // Runs per second: what matters is the time to open a long-lived project, not an events rate.
          fleet: figureFromNs(durationsNs),
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
            gapFreeCheck('the log is intact', await fleetSequenceStats(project.db.$client), total),
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
      const project = await openProject(recorder, 'compaction');
      const startMs = Date.now() - compactEvents - 1000;
      const seeder = new DirectSeeder(project.db, { projections: true });
      await seeder.write(workloadPrologue(startMs));
      await seeder.seed(0, compactEvents, (i) => workloadEvent(i, startMs));
      const total = compactEvents + workloadPrologue(startMs).length;
      try {
        await project.db.$client.all({ sql: 'PRAGMA wal_checkpoint(TRUNCATE)' });
        const before = fileBytes(project.file);
        const snapshot = await takeSnapshot(project.db, { projectKey: PROJECT });
        const started = Bun.nanoseconds();
        const result = await compact(project.db, {
          projectKey: PROJECT,
          before: (snapshot?.sequence ?? 0) + 1,
        });
        const elapsed = Bun.nanoseconds() - started;
        await project.db.$client.all({ sql: 'PRAGMA wal_checkpoint(TRUNCATE)' });
        const after = fileBytes(project.file);
        await project.db.$client.all({ sql: 'VACUUM' });
        await project.db.$client.all({ sql: 'PRAGMA wal_checkpoint(TRUNCATE)' });
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
              name: 'snapshots were taken as the appends crossed multiples (all but at most the last)',
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
