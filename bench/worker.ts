/**
 * One appending process of the multi-process scenario:
 * `bun bench/worker.ts <projectPath> <appends> <index> [fleet|libsql|sqlite]`. Opens the project's database,
 * builds its events, prints `ready`, waits for `go` on stdin, appends them one at a time, and prints a JSON
 * report (see `lib/worker-protocol.ts`). `fleet` (default) appends through `EventStore.append`; `libsql` and
 * `sqlite` write the same rows through `@libsql/client` or `bun:sqlite` directly (the floors). Each worker is
 * its own process, so bun:sqlite here never shares a process with a libSQL connection to the file.
 */
import { join } from 'node:path';

import type { SQLQueryBindings } from 'bun:sqlite';

import { closeFleetDb, createFleetDb, DEFAULT_DB_FILENAME, FLEET_DIR, fleetDbReady } from '@fleettools/db';
import { EventStore, type EventOf } from '@fleettools/events';

import { pilotRegistered, PROJECT } from './lib/events.js';
import {
  FloorSequencer,
  INSERT_EVENT_NEXT_SEQUENCE,
  openLibsql,
  openSqlite,
  UPSERT_PILOT,
  type PilotRows,
} from './lib/floor.js';
import { GO, lines, READY, wallMs, type WorkerReport } from './lib/worker-protocol.js';

/** Appends one event and returns the sequence it was stored at. */
type Appender = (event: EventOf<'pilot_registered'>) => Promise<number>;

function fleetAppender(store: EventStore): Appender {
  return async (event) => (await store.append(event, PROJECT)).sequence ?? -1;
}

/**
 * The libSQL floor: the event row and the `pilots` upsert in one `batch(…, 'write')` of a raw
 * `@libsql/client`, the sequence computed by SQLite under the write lock (as the store does), no validation.
 */
async function libsqlAppender(file: string): Promise<Appender> {
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

/**
 * The bun:sqlite floor: the same two statements, prepared once, in one `BEGIN IMMEDIATE` transaction per
 * append, with SQLite's own busy handler (as every other writer here).
 */
function sqliteAppender(file: string): Appender {
  const db = openSqlite(file);
  const sequencer = new FloorSequencer();
  const insert = db.prepare<{ sequence: number }, SQLQueryBindings[]>(INSERT_EVENT_NEXT_SEQUENCE);
  const upsert = db.prepare(UPSERT_PILOT);
  const write = db.transaction((rows: PilotRows) => {
    const inserted = insert.get(...rows.event);
    upsert.run(...rows.pilot);
    return inserted?.sequence ?? -1;
  });
  return (event) => Promise.resolve(write.immediate(sequencer.pilotRows(event)));
}

const [projectPath, appendsArg, indexArg, mode = 'fleet'] = process.argv.slice(2);
if (
  projectPath === undefined ||
  appendsArg === undefined ||
  indexArg === undefined ||
  (mode !== 'fleet' && mode !== 'libsql' && mode !== 'sqlite')
) {
  throw new Error('usage: bun bench/worker.ts <projectPath> <appends> <index> [fleet|libsql|sqlite]');
}
const db = mode === 'fleet' ? createFleetDb({ projectPath }) : undefined;
if (db !== undefined) await fleetDbReady(db);
const events = Array.from({ length: Number(appendsArg) }, (_, n) =>
  pilotRegistered(n, PROJECT, `worker-${indexArg}`),
);
const file = join(projectPath, FLEET_DIR, DEFAULT_DB_FILENAME);
const append =
  db !== undefined
    ? fleetAppender(EventStore.fromDb(db))
    : mode === 'libsql'
      ? await libsqlAppender(file)
      : sqliteAppender(file);

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
