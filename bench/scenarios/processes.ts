import { fileURLToPath } from 'node:url';

import { fleetSequenceStats, gapFreeCheck } from '../lib/checks.js';
import { figureFromNs, type Figure } from '../lib/figures.js';
import { closeProject, openProject } from '../lib/fleet.js';
import type { Check, Measured, Recorder } from '../lib/scenario.js';
import { GO, lines, parseReport, READY, type WorkerReport } from '../lib/worker-protocol.js';

const WORKER = fileURLToPath(new URL('../worker.ts', import.meta.url));

/** One running worker: its reports as they come, and a way to start it. */
interface Worker {
  readonly next: () => Promise<string>;
  readonly go: () => void;
  readonly exited: Promise<number>;
}

/** How a worker appends: through the store, or one of the floors (raw `@libsql/client`, `bun:sqlite`). */
type WorkerMode = 'fleet' | 'libsql' | 'sqlite';

function spawnWorker(projectPath: string, appends: number, index: number, mode: WorkerMode): Worker {
  const child = Bun.spawn([process.execPath, WORKER, projectPath, String(appends), String(index), mode], {
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const output = lines(child.stdout);
  return {
    next: async () => {
      const { value, done } = await output.next();
      if (done === true)
        throw new Error(`worker ${String(index)} ended early (exit ${String(await child.exited)})`);
      return value;
    },
    go: () => {
      void child.stdin.write(`${GO}\n`);
      void child.stdin.end();
    },
    exited: child.exited,
  };
}

/** Nothing lost: the acknowledged sequences are exactly 1…total, each once. */
function acknowledgedCheck(reports: readonly WorkerReport[], total: number): Check {
  const seen = new Set(reports.flatMap((report) => report.sequences));
  const acknowledged = reports.reduce((sum, report) => sum + report.sequences.length, 0);
  let missing = 0;
  for (let sequence = 1; sequence <= total; sequence += 1) if (!seen.has(sequence)) missing += 1;
  const errors = reports.flatMap((report) => (report.error === undefined ? [] : [report.error]));
  return {
    name: 'every append acknowledged once, sequences 1..N',
    ok: acknowledged === total && seen.size === total && missing === 0 && errors.length === 0,
    detail: `${String(acknowledged)} acknowledged, ${String(seen.size)} distinct, ${String(missing)} of 1..${String(total)} missing${errors.length > 0 ? `; errors: ${errors.slice(0, 3).join(' | ')}` : ''}`,
  };
}

/** What one round of workers did. */
interface Round {
  readonly figure: Figure;
  readonly checks: Check[];
}

/** `processes` OS processes appending `appendsEach` events each to a new project's file, all started at once. */
async function round(
  recorder: Recorder,
  processes: number,
  appendsEach: number,
  mode: WorkerMode,
): Promise<Round> {
  const project = await openProject(recorder, `processes-${String(processes)}-${mode}`);
  try {
    const workers = Array.from({ length: processes }, (_, index) =>
      spawnWorker(project.dir, appendsEach, index, mode),
    );
    for (const worker of workers) {
      const line = await worker.next();
      if (line !== READY) throw new Error(`worker said ${JSON.stringify(line)} instead of ${READY}`);
    }
    for (const worker of workers) worker.go();
    const reports = await Promise.all(workers.map(async (worker) => parseReport(await worker.next())));
    const codes = await Promise.all(workers.map((worker) => worker.exited));
    const total = processes * appendsEach;
    const wallMs = Math.max(...reports.map((r) => r.endMs)) - Math.min(...reports.map((r) => r.startMs));
    const acknowledged = reports.reduce((sum, report) => sum + report.sequences.length, 0);
    const who = mode === 'fleet' ? '' : ` (${mode} floor)`;
    return {
      figure: figureFromNs(
        reports.flatMap((report) => report.latenciesNs),
        acknowledged / (wallMs / 1000),
      ),
      checks: [
        {
          ...acknowledgedCheck(reports, total),
          name: `every append acknowledged once, sequences 1..N${who}`,
        },
        gapFreeCheck(
          `the database holds every append, gap-free${who}`,
          await fleetSequenceStats(project.db.$client),
          total,
        ),
        {
          name: `every worker exited 0${who}`,
          ok: codes.every((code) => code === 0),
          detail: `exit codes ${codes.join(', ')}`,
        },
      ],
    };
  } finally {
    await closeProject(project);
  }
}

/** The store's round, then each floor's (the same rows through `@libsql/client`, then bun:sqlite), each on a fresh file. */
async function appendFromProcesses(
  recorder: Recorder,
  processes: number,
  appendsEach: number,
): Promise<Measured> {
  const fleet = await round(recorder, processes, appendsEach, 'fleet');
  const libsql = await round(recorder, processes, appendsEach, 'libsql');
  const sqlite = await round(recorder, processes, appendsEach, 'sqlite');
  return {
    unit: 'appends/s',
    fleet: fleet.figure,
    floors: { libsql: libsql.figure, sqlite: sqlite.figure },
    checks: [...fleet.checks, ...libsql.checks, ...sqlite.checks],
  };
}

/** 1, 4 and 16 OS processes appending to one file at once: total appends/s, latency, nothing lost. */
export async function runProcesses(recorder: Recorder): Promise<void> {
  for (const { processes, appendsEach } of recorder.config.processes) {
    await recorder.run(
      `processes.${String(processes)}`,
      'processes',
      `${String(processes)} process${processes === 1 ? '' : 'es'} × ${appendsEach.toLocaleString('en-US')} appends, one file`,
      () => appendFromProcesses(recorder, processes, appendsEach),
    );
  }
}
