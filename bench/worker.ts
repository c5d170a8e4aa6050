/**
 * One appending process of the multi-process scenario:
 * `bun bench/worker.ts <projectPath> <appends> <index> [fleet|floor]`. Opens the project's database, builds
 * its events, prints `ready`, waits for `go` on stdin, appends them one at a time, and prints a JSON report
 * (see `lib/worker-protocol.ts`). `fleet` (default) appends through `EventStore.append`; `floor` writes the
 * same rows through `@libsql/client` directly (see `floorAppender`).
 */
import { join } from 'node:path';

import { closeFleetDb, createFleetDb, DEFAULT_DB_FILENAME, FLEET_DIR, fleetDbReady } from '@fleettools/db';
import { EventStore, type EventOf } from '@fleettools/events';

import { pilotRegistered, PROJECT } from './lib/events.js';
import { FloorSequencer, INSERT_EVENT_NEXT_SEQUENCE, openLibsql, UPSERT_PILOT } from './lib/floor.js';
import { GO, lines, READY, wallMs, type WorkerReport } from './lib/worker-protocol.js';

/** Appends one event and returns the sequence it was stored at. */
type Appender = (event: EventOf<'pilot_registered'>) => Promise<number>;

function fleetAppender(store: EventStore): Appender {
  return async (event) => (await store.append(event, PROJECT)).sequence ?? -1;
}

/**
 * The floor: the event row and the `pilots` upsert in one `batch(…, 'write')` of a raw `@libsql/client`,
 * the sequence computed by SQLite under the write lock (as the store does), no validation, no queue.
 */
async function floorAppender(file: string): Promise<Appender> {
  const client = await openLibsql(file);
  const sequencer = new FloorSequencer();
  return async (event) => {
    const rows = sequencer.pilotRows(event);
    const [inserted] = await client.batch(
      [
        { sql: INSERT_EVENT_NEXT_SEQUENCE, args: rows.event },
        { sql: UPSERT_PILOT, args: rows.pilot },
      ],
      'write',
    );
    return Number(inserted?.rows[0]?.sequence ?? -1);
  };
}

const [projectPath, appendsArg, indexArg, mode = 'fleet'] = process.argv.slice(2);
if (
  projectPath === undefined ||
  appendsArg === undefined ||
  indexArg === undefined ||
  (mode !== 'fleet' && mode !== 'floor')
) {
  throw new Error('usage: bun bench/worker.ts <projectPath> <appends> <index> [fleet|floor]');
}
const db = mode === 'fleet' ? createFleetDb({ projectPath }) : undefined;
if (db !== undefined) await fleetDbReady(db);
const events = Array.from({ length: Number(appendsArg) }, (_, n) =>
  pilotRegistered(n, PROJECT, `worker-${indexArg}`),
);
const append =
  db === undefined
    ? await floorAppender(join(projectPath, FLEET_DIR, DEFAULT_DB_FILENAME))
    : fleetAppender(EventStore.fromDb(db));

process.stdout.write(`${READY}\n`);
for await (const line of lines(Bun.stdin.stream())) if (line.trim() === GO) break;

const sequences: number[] = [];
const latenciesNs: number[] = [];
const startMs = wallMs();
let error: string | undefined;
for (const event of events) {
  const started = Bun.nanoseconds();
  try {
    const sequence = await append(event);
    latenciesNs.push(Bun.nanoseconds() - started);
    sequences.push(sequence);
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
if (db !== undefined) await closeFleetDb(db);
