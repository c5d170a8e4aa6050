import { replayEvents } from '@fleettools/events';

import { gapFreeCheck, libsqlSequenceStats } from '../lib/checks.js';
import { PROJECT, workloadEvent, workloadPrologue } from '../lib/events.js';
import { figureFromNs } from '../lib/figures.js';
import { closeProject, openProject, openProjectAt } from '../lib/fleet.js';
import { FloorSequencer, INSERT_EVENT, openSqlite } from '../lib/floor.js';
import type { Recorder } from '../lib/scenario.js';

/**
 * Writes the prologue and `count` workload events straight into the `events` table of `file` (setup, not
 * measured: replay rebuilds the projections from the events alone). Rows are exactly what the store
 * writes: same columns, same JSON, gap-free sequences and stream versions (the schema's triggers check).
 */
function seedEventsOnly(file: string, count: number): number {
  const db = openSqlite(file);
  try {
    const insert = db.prepare(INSERT_EVENT);
    const sequencer = new FloorSequencer();
    const startMs = Date.now() - count - 1000;
    const prologue = workloadPrologue(startMs);
    db.transaction(() => {
      for (const event of prologue) insert.run(...sequencer.eventRow(event));
      for (let i = 0; i < count; i += 1) insert.run(...sequencer.eventRow(workloadEvent(i, startMs)));
    }).immediate();
    return prologue.length + count;
  } finally {
    db.close();
  }
}

/** `replayEvents` of the configured event counts: events per second over whole runs. */
export async function runReplay(recorder: Recorder): Promise<void> {
  for (const [index, { events, runs }] of recorder.config.replays.entries()) {
    const id = index === 0 ? 'replay.small' : 'replay.large';
    await recorder.run(
      id,
      'replay',
      `replayEvents of ${events.toLocaleString('en-US')} events (one run = one sample)`,
      async () => {
        // Create and migrate the file through FleetTools, fill its log directly, then reopen it.
        const created = await openProject(recorder, 'replay');
        await closeProject(created);
        const stored = seedEventsOnly(created.file, events);
        const project = await openProjectAt(created.dir);
        try {
          const durationsNs: number[] = [];
          let replayed = 0;
          for (let run = 0; run < runs; run += 1) {
            const started = Bun.nanoseconds();
            const result = await replayEvents(project.db, { projectKey: PROJECT });
            durationsNs.push(Bun.nanoseconds() - started);
            replayed = result.events;
          }
          const sorted = [...durationsNs].sort((a, b) => a - b);
          const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
          return {
            unit: 'events/s',
            fleet: figureFromNs(durationsNs, stored / (median / 1e9)),
            checks: [
              {
                name: 'replay folded every event',
                ok: replayed === stored,
                detail: `${String(replayed)} of ${String(stored)}`,
              },
              gapFreeCheck('the log is intact', await libsqlSequenceStats(project.db.$client), stored),
            ],
          };
        } finally {
          await closeProject(project);
        }
      },
    );
  }
}
