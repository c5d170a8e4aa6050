/**
 * One appending process of the multi-process scenario: `bun bench/worker.ts <projectPath> <appends> <index>`.
 * Opens the project's database, builds its events, prints `ready`, waits for `go` on stdin, appends them one
 * at a time through `EventStore.append`, and prints a JSON report (see `lib/worker-protocol.ts`).
 */
import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';
import { EventStore } from '@fleettools/events';

import { pilotRegistered, PROJECT } from './lib/events.js';
import { GO, lines, READY, wallMs, type WorkerReport } from './lib/worker-protocol.js';

const [projectPath, appendsArg, indexArg] = process.argv.slice(2);
if (projectPath === undefined || appendsArg === undefined || indexArg === undefined) {
  throw new Error('usage: bun bench/worker.ts <projectPath> <appends> <index>');
}
const db = createFleetDb({ projectPath });
await fleetDbReady(db);
const store = EventStore.fromDb(db);
const events = Array.from({ length: Number(appendsArg) }, (_, n) =>
  pilotRegistered(n, PROJECT, `worker-${indexArg}`),
);

process.stdout.write(`${READY}\n`);
for await (const line of lines(Bun.stdin.stream())) if (line.trim() === GO) break;

const sequences: number[] = [];
const latenciesNs: number[] = [];
const startMs = wallMs();
let error: string | undefined;
for (const event of events) {
  const started = Bun.nanoseconds();
  try {
    const stored = await store.append(event, PROJECT);
    latenciesNs.push(Bun.nanoseconds() - started);
    sequences.push(stored.sequence ?? -1);
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    break;
  }
}
const report: WorkerReport = {
  sequences,
  latenciesNs,
  startMs,
  endMs: wallMs(),
  ...(error === undefined ? {} : { error }),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
await closeFleetDb(db);
