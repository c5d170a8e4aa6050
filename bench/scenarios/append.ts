import { createInMemoryDb, closeFleetDb, type SqlConnection, type SynchronousMode } from '@fleettools/db';
import { EventStore, type FleetEvent } from '@fleettools/events';

import { fleetSequenceStats, gapFreeCheck, libsqlSequenceStats, sqliteSequenceStats } from '../lib/checks.js';
import { messageSent, pilotRegistered, pilotsPrologue, PROJECT } from '../lib/events.js';
import { figureFromNs, type Figure } from '../lib/figures.js';
import { closeProject, openProject } from '../lib/fleet.js';
import { FloorSequencer, libsqlStatements, openLibsql, openSqlite, sqliteWriter } from '../lib/floor.js';
import { measureOpWith, type Budget } from '../lib/measure.js';
import type { Check, Floors, Measured, Recorder } from '../lib/scenario.js';

/** Appends of `batch` events per call through `store`, timed; then checks that every one is stored, gap-free. */
async function timeAppends(
  store: EventStore,
  client: SqlConnection,
  budget: Budget,
  make: (n: number) => FleetEvent,
  batch: number,
  prologue: readonly FleetEvent[] = [],
): Promise<{ figure: Figure; check: Check }> {
  let n = 0;
  // What the measured events need first (the pilots that send messages), counted with them.
  if (prologue.length > 0) await store.appendMany(prologue, PROJECT);
  let appended = prologue.length;
  const figure = await measureOpWith(
    () => Array.from({ length: batch }, () => make((n += 1))),
    async (events) => {
      await (batch === 1 && events[0] !== undefined
        ? store.append(events[0], PROJECT)
        : store.appendMany(events, PROJECT));
      appended += events.length;
    },
    budget,
  );
  return {
    figure,
    check: gapFreeCheck('every append stored, gap-free', await fleetSequenceStats(client), appended),
  };
}

/** The floors of `batch` `pilot_registered` appends per call, on fresh files with FleetTools' schema. */
async function floorAppends(
  recorder: Recorder,
  synchronous: SynchronousMode,
  budget: Budget,
  batch: number,
): Promise<{ floors: Floors; checks: Check[] }> {
  const checks: Check[] = [];
  // bun:sqlite: prepared statements in one BEGIN IMMEDIATE transaction per call.
  const sqliteProject = await openProject(recorder, 'floor-sqlite', synchronous);
  await closeProject(sqliteProject);
  const sqlite = openSqlite(sqliteProject.file, synchronous);
  const sqliteSeq = new FloorSequencer();
  const write = sqliteWriter(sqlite);
  let sqliteRows = 0;
  let m = 0;
  const sqliteFigure = await measureOpWith(
    () => Array.from({ length: batch }, () => sqliteSeq.pilotRows(pilotRegistered((m += 1)))),
    (rows) => {
      write(rows);
      sqliteRows += rows.length;
    },
    budget,
  );
  checks.push(gapFreeCheck('bun:sqlite floor stored every row', sqliteSequenceStats(sqlite), sqliteRows));
  sqlite.close();

  // @libsql/client: one batch(…, 'write') of the event insert and the upsert per event.
  const libsqlProject = await openProject(recorder, 'floor-libsql', synchronous);
  await closeProject(libsqlProject);
  const client = await openLibsql(libsqlProject.file, synchronous);
  const libsqlSeq = new FloorSequencer();
  let libsqlRows = 0;
  const libsqlFigure = await measureOpWith(
    () =>
      libsqlStatements(Array.from({ length: batch }, () => libsqlSeq.pilotRows(pilotRegistered((m += 1))))),
    async (statements) => {
      await client.batch(statements, 'write');
      libsqlRows += statements.length / 2;
    },
    budget,
  );
  checks.push(gapFreeCheck('libSQL floor stored every row', await libsqlSequenceStats(client), libsqlRows));
  client.close();
  return { floors: { sqlite: sqliteFigure, libsql: libsqlFigure }, checks };
}

/** One FleetTools append scenario on a file database, with its floors. */
async function fileAppend(
  recorder: Recorder,
  synchronous: SynchronousMode,
  budget: Budget,
  batch: number,
  withFloors: boolean,
  make: (n: number) => FleetEvent,
  prologue: readonly FleetEvent[] = [],
): Promise<{ fleet: Figure; floors: Floors; checks: Check[] }> {
  const project = await openProject(recorder, `append-${synchronous}`, synchronous);
  const { figure, check } = await timeAppends(
    project.store,
    project.db.$client,
    budget,
    make,
    batch,
    prologue,
  );
  await closeProject(project);
  if (!withFloors) return { fleet: figure, floors: {}, checks: [check] };
  const { floors, checks } = await floorAppends(recorder, synchronous, budget, batch);
  return { fleet: figure, floors, checks: [check, ...checks] };
}

/** `append` (in memory; file WAL NORMAL and FULL, with floors), `append` of a message, `appendMany` of 100. */
export async function runAppend(recorder: Recorder): Promise<void> {
  const { fast, slow } = recorder.config;
  const pilot = (n: number): FleetEvent => pilotRegistered(n);

  await recorder.run('append.memory', 'append', 'append pilot_registered + upsert, in memory', async () => {
    const db = createInMemoryDb();
    const { figure, check } = await timeAppends(EventStore.fromDb(db), db.$client, fast, pilot, 1);
    await closeFleetDb(db);
    return { fleet: figure, checks: [check] };
  });
  await recorder.run(
    'append.file-normal',
    'append',
    'append pilot_registered + upsert, file WAL NORMAL',
    () => fileAppend(recorder, 'normal', fast, 1, true, pilot),
  );
  await recorder.run('append.file-full', 'append', 'append pilot_registered + upsert, file WAL FULL', () =>
    fileAppend(recorder, 'full', fast, 1, true, pilot),
  );
  await recorder.run('append.message', 'append', 'append message_sent + 3 projections, file WAL NORMAL', () =>
    fileAppend(recorder, 'normal', fast, 1, false, (n) => messageSent(n), pilotsPrologue()),
  );
  await recorder.run('append.many-100', 'append', 'appendMany 100 pilot_registered, file WAL NORMAL', () =>
    fileAppend(recorder, 'normal', slow, 100, true, pilot),
  );
  await recorder.run('append.rss', 'append', 'RSS growth of appends and reads, file WAL NORMAL', () =>
    rssOfAppends(recorder, recorder.config.mode === 'full' ? 100_000 : 10_000),
  );
}

/** The process's RSS after a full collection, in MiB. */
function rssMiB(): number {
  Bun.gc(true);
  return process.memoryUsage().rss / 2 ** 20;
}

/**
 * `count` appends, each followed by a read of the page after it, on one file: the RSS growth (after a full
 * collection) from the first 1,000 to the end, scaled to 100,000 appends. A leak of the driver (libsql's
 * `.all()` grew RSS by about 88 MiB per 100,000 calls) shows here; a flat store stays at the allocator's noise.
 */
async function rssOfAppends(recorder: Recorder, count: number): Promise<Measured> {
  const project = await openProject(recorder, 'append-rss', 'normal');
  const latenciesNs: number[] = [];
  let baseline = rssMiB();
  for (let n = 1; n <= count; n += 1) {
    const started = Bun.nanoseconds();
    await project.store.append(pilotRegistered(n), PROJECT);
    await project.store.query({ project_key: PROJECT, after_sequence: n - 1, limit: 10 });
    latenciesNs.push(Bun.nanoseconds() - started);
    if (n === 1_000) baseline = rssMiB();
  }
  const growth = rssMiB() - baseline;
  const check = gapFreeCheck(
    'every append stored, gap-free',
    await fleetSequenceStats(project.db.$client),
    count,
  );
  await closeProject(project);
  return {
    fleet: figureFromNs(latenciesNs),
    checks: [check],
    extra: {
      'appends measured': count,
      'RSS growth (MiB)': Number(growth.toFixed(2)),
      'RSS growth per 100k appends (MiB)': Number(
        ((growth * 100_000) / Math.max(1, count - 1_000)).toFixed(2),
      ),
    },
  };
}
