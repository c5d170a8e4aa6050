import { join } from 'node:path';

import type { SQLQueryBindings } from 'bun:sqlite';

import { PROJECTION_TABLES, replayEvents, type FleetEvent } from '@fleettools/events';
import { projectionStatements, withoutSupersededWrites } from '@fleettools/events/internal';

import { fleetSequenceStats, gapFreeCheck } from '../lib/checks.js';
import { PROJECT, workloadEvent, workloadPrologue } from '../lib/events.js';
import { figureFromNs, type Figure } from '../lib/figures.js';
import { closeProject, openProject, type FleetProject } from '../lib/fleet.js';
import { FloorSequencer, INSERT_EVENT, migrationStatements, openSqlite } from '../lib/floor.js';
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

/**
 * The floor of a replay: the same events folded by the same projection statements (superseded overwrites
 * left out, chunk by chunk, as `replayEvents` does), each prepared once, through `bun:sqlite` in one
 * transaction, on a file of its own that only `bun:sqlite` ever opens (see `DirectSeeder` for why). Returns
 * the duration of each run, in ns.
 */
function floorReplay(file: string, count: number, runs: number): number[] {
  const db = openSqlite(file);
  try {
    db.transaction(() => {
      for (const statement of migrationStatements()) db.run(statement);
    }).immediate();
    const sequencer = new FloorSequencer();
    const insert = db.prepare(INSERT_EVENT);
    const startMs = Date.now() - count - 1000;
    db.transaction(() => {
      for (const event of workloadPrologue(startMs)) insert.run(...sequencer.eventRow(event));
      for (let i = 0; i < count; i += 1) insert.run(...sequencer.eventRow(workloadEvent(i, startMs)));
    }).immediate();
    insert.finalize();
    const durationsNs: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = Bun.nanoseconds();
      db.transaction(() => {
        for (const table of PROJECTION_TABLES)
          db.query(`DELETE FROM ${table} WHERE project_key = ?`).run(PROJECT);
        const rows = db.query<FloorEventRow, [string]>(FLOOR_EVENTS).all(PROJECT);
        const events: FleetEvent[] = [];
        for (const row of rows) {
          const { data, ...envelope } = row;
          events.push({ ...(JSON.parse(data) as object), ...envelope } as FleetEvent);
        }
        // The statements replayEvents runs: superseded overwrites left out within each chunk it folds.
        for (let at = 0; at < events.length; at += REPLAY_CHUNK) {
          const chunk = events.slice(at, at + REPLAY_CHUNK);
          for (const statement of withoutSupersededWrites(
            chunk.flatMap((event) => projectionStatements(event)),
          )) {
            db.query(statement.sql).run(...(statement.args as SQLQueryBindings[]));
          }
        }
      }).immediate();
      durationsNs.push(Bun.nanoseconds() - started);
    }
    return durationsNs;
  } finally {
    db.close();
  }
}

/** The events `replayEvents` folds per chunk by default. */
const REPLAY_CHUNK = 10_000;

/** An `events` row as the replay floor reads it. */
interface FloorEventRow {
  readonly id: string;
  readonly type: string;
  readonly project_key: string;
  readonly timestamp: string;
  readonly sequence: number;
  readonly stream_version: number;
  readonly data: string;
}

const FLOOR_EVENTS = `SELECT id, type, project_key, timestamp, sequence, stream_version, data FROM events
  WHERE project_key = ? ORDER BY sequence`;

/** A replay's figure: its runs' latencies, and the events folded per second by the median run. */
function eventsPerSecond(durationsNs: readonly number[], events: number): Figure {
  const figure = figureFromNs(durationsNs);
  return { ...figure, opsPerSec: events / (figure.p50Us / 1e6) };
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
          const floorNs = floorReplay(join(recorder.dir('replay-floor'), 'floor.db'), events, runs);
          return {
            unit: 'events/s',
            fleet: eventsPerSecond(durationsNs, stored),
            floors: { sqlite: eventsPerSecond(floorNs, stored) },
            checks: [
              {
                name: 'replay folded every event',
                ok: replayed === stored,
                detail: `${String(replayed)} of ${String(stored)}`,
              },
              gapFreeCheck('the log is intact', await fleetSequenceStats(project.db.$client), stored),
            ],
          };
        } finally {
          await closeProject(project);
        }
      },
    );
  }
}
