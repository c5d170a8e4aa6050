import { afterAll, describe, expect, test } from 'bun:test';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';

import { EventStore, replayEvents } from '../../src/index.js';
import { LineReader, removeTempProjects, spawnFixture, tempProject } from '../fixtures/harness.js';
import { column, orderProblems, projectionProblems, text } from '../fixtures/invariants.js';
import type { WorkerReport } from '../fixtures/protocol.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';

const WORKERS = 16;
const EVENTS_PER_WORKER = 500;
const TOTAL = WORKERS * EVENTS_PER_WORKER;
/** Measured 4–8 s on a 2-core machine; the margin is for loaded CI runners. */
const TIMEOUT_MS = 90_000;

afterAll(removeTempProjects);

/** One run of every worker against one fresh project, shared by the tests below. */
interface Run {
  readonly projectPath: string;
  readonly projectKey: string;
  readonly reports: readonly WorkerReport[];
}

let run: Promise<Run> | undefined;

/** The run, started by whichever test needs it first (each test can also run alone). */
function sharedRun(): Promise<Run> {
  run ??= appendFromEveryWorker();
  return run;
}

/**
 * Creates a project, starts every worker, waits until each opened the database and printed `ready`, then
 * releases them all at the same instant and collects their reports.
 */
async function appendFromEveryWorker(): Promise<Run> {
  const projectPath = tempProject();
  const projectKey = projectPath;
  const setup = createFleetDb({ projectPath });
  await fleetDbReady(setup);
  await closeFleetDb(setup);

  const workers = Array.from({ length: WORKERS }, (_, worker) =>
    spawnFixture('append-worker.ts', [
      projectPath,
      projectKey,
      String(worker),
      String(WORKERS),
      String(EVENTS_PER_WORKER),
    ]),
  );
  const outputs = workers.map((worker) => new LineReader(worker.stdout));
  const ready = await Promise.all(outputs.map((output) => output.next()));
  if (ready.some((line) => line !== 'ready')) throw new Error(`a worker did not start: ${ready.join(', ')}`);
  for (const worker of workers) {
    void worker.stdin.write('go\n');
    void worker.stdin.end();
  }
  const reports = await Promise.all(
    outputs.map(async (output, i): Promise<WorkerReport> => {
      const line = await output.next();
      const exitCode = await workers[i]?.exited;
      return line === null
        ? { ok: false, acked: [], error: { code: undefined, message: `no report, exit code ${exitCode}` } }
        : (JSON.parse(line) as WorkerReport);
    }),
  );
  return { projectPath, projectKey, reports };
}

describe(`${WORKERS} processes appending ${EVENTS_PER_WORKER} events each to one database at once`, () => {
  // Invariant: concurrent writers lose nothing and never share or skip a sequence: exactly 1..N, and
  // every stream's versions are 1..n in sequence order, whichever process appended them.
  test(
    'sixteen_processes_no_gap_no_loss',
    async () => {
      const { projectPath, projectKey, reports } = await sharedRun();
      expect(reports.map((report) => report.error ?? null)).toEqual(reports.map(() => null));
      expect(reports.map((report) => report.acked.length)).toEqual(reports.map(() => EVENTS_PER_WORKER));

      const db = createFleetDb({ projectPath });
      try {
        const store = EventStore.fromDb(db);
        expect(await store.count(projectKey)).toBe(TOTAL);
        expect(await store.getLatestSequence(projectKey)).toBe(TOTAL);
        expect(await orderProblems(db.$client, projectKey)).toEqual([]);

        // Every acknowledged event is stored, under the sequence the store acknowledged it with.
        const rows = await db.$client.all({
          sql: 'SELECT id, sequence FROM events WHERE project_key = ?',
          args: [projectKey],
        });
        const stored = new Map(rows.map((row) => [text(row['id']), Number(row['sequence'])]));
        const misplaced = reports.flatMap((report, worker) =>
          report.acked
            .filter(([id, sequence]) => stored.get(id) !== sequence)
            .map(
              ([id, sequence]) => `worker ${worker}: ${id} acked as ${sequence}, stored as ${stored.get(id)}`,
            ),
        );
        expect(misplaced).toEqual([]);

        // Each process's own appends keep their order.
        const unordered = reports.filter((report) =>
          report.acked.some(([, sequence], i) => i > 0 && sequence <= (report.acked[i - 1]?.[1] ?? 0)),
        );
        expect(unordered).toEqual([]);

        // The workers really ran at once: their events interleave (a broken start barrier would not).
        const owner = new Map(ownersOf(reports));
        const writers = (
          await column(db.$client, 'SELECT id FROM events WHERE project_key = ? ORDER BY sequence', [
            projectKey,
          ])
        ).map((id) => owner.get(text(id)));
        const switches = writers.filter((writer, i) => i > 0 && writer !== writers[i - 1]);
        expect(switches.length).toBeGreaterThan(WORKERS * 10);
      } finally {
        await closeFleetDb(db);
      }
    },
    TIMEOUT_MS,
  );

  // Invariant: projections built live by concurrent processes equal the projections replay rebuilds
  // from the events (design §4.7), and each event has its projection effect.
  test(
    'sixteen_processes_projections_equal_replay',
    async () => {
      const { projectPath, projectKey } = await sharedRun();
      const db = createFleetDb({ projectPath });
      try {
        expect(await projectionProblems(db.$client, projectKey)).toEqual([]);
        const live = await projectionSnapshot(db, projectKey);
        expect(live.pilots).toHaveLength(WORKERS);
        expect(live.threads).toHaveLength(WORKERS);
        expect(live.messages.length).toBeGreaterThan(0);
        expect(live.message_recipients).toHaveLength(2 * live.messages.length); // the neighbour and the sender
        expect(live.sorties.length).toBeGreaterThan(0);

        const replayed = await replayEvents(db, { projectKey });
        expect(replayed.events).toBe(TOTAL);
        expect(await projectionSnapshot(db, projectKey)).toEqual(live);
      } finally {
        await closeFleetDb(db);
      }
    },
    TIMEOUT_MS,
  );
});

/** Which worker acknowledged each event id. */
function ownersOf(reports: readonly WorkerReport[]): [string, number][] {
  return reports.flatMap((report, worker) => report.acked.map(([id]): [string, number] => [id, worker]));
}
