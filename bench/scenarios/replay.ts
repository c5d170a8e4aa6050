import { replayEvents } from '@fleettools/events';

import { gapFreeCheck, libsqlSequenceStats } from '../lib/checks.js';
import { PROJECT, workloadEvent, workloadPrologue } from '../lib/events.js';
import { figureFromNs } from '../lib/figures.js';
import { closeProject, openProject, type FleetProject } from '../lib/fleet.js';
import type { Recorder } from '../lib/scenario.js';
import { DirectSeeder } from '../lib/seeder.js';

/**
 * Writes the prologue and `count` workload events straight into the `events` table (setup, not measured:
 * replay rebuilds the projections from the events alone). Rows are exactly what the store writes: same
 * columns, same JSON, gap-free sequences and stream versions (the schema's triggers check).
 */
async function seedEventsOnly(project: FleetProject, count: number): Promise<number> {
  const seeder = new DirectSeeder(project.db, { projections: false });
  const startMs = Date.now() - count - 1000;
  const prologue = workloadPrologue(startMs);
  await seeder.write(prologue);
  await seeder.seed(0, count, (i) => workloadEvent(i, startMs));
  return prologue.length + count;
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
        // Create and migrate the file through FleetTools, then fill its log directly.
        const project = await openProject(recorder, 'replay');
        const stored = await seedEventsOnly(project, events);
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
