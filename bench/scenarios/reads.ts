import { getActiveReservations, getInbox, type QueryEventsOptions } from '@fleettools/events';
import type { Database, SQLQueryBindings } from 'bun:sqlite';
import type { Client, InValue } from '@libsql/client';

import { rowsCheck } from '../lib/checks.js';
import { HOT_PATH, HOT_SORTIE, INBOX_PILOT, PROJECT } from '../lib/events.js';
import { closeProject, openProject, seedWorkload, type FleetProject } from '../lib/fleet.js';
import { openLibsql, openSqlite } from '../lib/floor.js';
import { measureOp } from '../lib/measure.js';
import type { Recorder } from '../lib/scenario.js';

/** The columns `EventStore.query` selects (a copy, for the floor). */
const EVENT_COLUMNS =
  'id, type, project_key, timestamp, sequence, stream_version, data, metadata, schema_version';

/** A read: FleetTools' call (resolving to its row count) and the same SQL for the floor. */
interface Read {
  readonly id: string;
  readonly name: string;
  readonly fleet: () => Promise<number>;
  readonly sql: string;
  readonly args: readonly (string | number)[];
}

/** The event queries of 100 events: by project, + type, + stream, + time range. */
function eventQueries(project: FleetProject, startMs: number, total: number): Read[] {
  const since = new Date(startMs + Math.floor(total / 2)).toISOString();
  const until = new Date(startMs + Math.floor(total / 2) + 100).toISOString();
  const query = (options: QueryEventsOptions) => async () => (await project.store.query(options)).length;
  const select = (where: string, limit: string) =>
    `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where} ORDER BY sequence ASC${limit}`;
  return [
    {
      id: 'query.project',
      name: 'query 100 events: project',
      fleet: query({ project_key: PROJECT, limit: 100 }),
      sql: select('project_key = ?', ' LIMIT 100'),
      args: [PROJECT],
    },
    {
      id: 'query.type',
      name: 'query 100 events: project + type',
      fleet: query({ project_key: PROJECT, types: ['message_sent'], limit: 100 }),
      sql: select('project_key = ? AND type IN (?)', ' LIMIT 100'),
      args: [PROJECT, 'message_sent'],
    },
    {
      id: 'query.stream',
      name: 'query 100 events: project + stream',
      fleet: query({ project_key: PROJECT, stream_id: `sortie:${HOT_SORTIE}`, limit: 100 }),
      sql: select('project_key = ? AND stream_id = ?', ' LIMIT 100'),
      args: [PROJECT, `sortie:${HOT_SORTIE}`],
    },
    {
      id: 'query.time',
      name: 'query 100 events: project + time range',
      fleet: query({ project_key: PROJECT, since, until }),
      sql: select('project_key = ? AND timestamp >= ? AND timestamp < ?', ''),
      args: [PROJECT, since, until],
    },
  ];
}

/** `getLatest`, `getLatestSequence`, `count`, and the current-state queries. */
function otherReads(project: FleetProject): Read[] {
  const now = new Date();
  return [
    {
      id: 'read.latest',
      name: 'getLatest',
      fleet: async () => ((await project.store.getLatest(PROJECT)) === null ? 0 : 1),
      sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? ORDER BY sequence DESC LIMIT 1`,
      args: [PROJECT],
    },
    {
      id: 'read.latest-sequence',
      name: 'getLatestSequence',
      fleet: async () => ((await project.store.getLatestSequence(PROJECT)) > 0 ? 1 : 0),
      sql: 'SELECT COALESCE(MAX(sequence), 0) AS latest FROM events WHERE project_key = ?',
      args: [PROJECT],
    },
    {
      id: 'read.count',
      name: 'count (whole project)',
      fleet: async () => ((await project.store.count(PROJECT)) > 0 ? 1 : 0),
      sql: 'SELECT COUNT(*) AS n FROM events WHERE project_key = ?',
      args: [PROJECT],
    },
    {
      id: 'state.inbox',
      name: 'getInbox (100 newest messages of a pilot)',
      fleet: async () => (await getInbox(project.db, PROJECT, INBOX_PILOT)).length,
      sql: `SELECT m.*, r.read_at, r.acked_at FROM message_recipients r
              JOIN messages m ON m.project_key = r.project_key AND m.message_id = r.message_id
            WHERE r.project_key = ? AND r.callsign = ?
            ORDER BY r.sent_at DESC, r.message_id DESC LIMIT 100`,
      args: [PROJECT, INBOX_PILOT],
    },
    {
      id: 'state.reservations',
      name: 'getActiveReservations for a path',
      fleet: async () =>
        (await getActiveReservations(project.db, PROJECT, { path: HOT_PATH, at: now })).length,
      sql: `SELECT * FROM reservations WHERE project_key = ? AND released_at IS NULL AND expires_at > ? AND path = ?
            ORDER BY path, reservation_id`,
      args: [PROJECT, now.toISOString(), HOT_PATH],
    },
  ];
}

/** Times one read through FleetTools and through both floors, on the same database file. */
async function timeRead(recorder: Recorder, read: Read, sqlite: Database, client: Client): Promise<void> {
  const { fast } = recorder.config;
  await recorder.run(read.id, read.id.startsWith('state.') ? 'state' : 'read', read.name, async () => {
    const fleetRows = await read.fleet();
    const statement = sqlite.prepare<Record<string, unknown>, SQLQueryBindings[]>(read.sql);
    const args = [...read.args] as InValue[];
    const floorRows = statement.all(...read.args).length;
    const fleet = await measureOp(read.fleet, fast);
    const sqliteFigure = await measureOp(() => statement.all(...read.args), fast);
    const libsqlFigure = await measureOp(() => client.execute({ sql: read.sql, args }), fast);
    return {
      fleet,
      floors: { sqlite: sqliteFigure, libsql: libsqlFigure },
      checks: [
        rowsCheck('FleetTools read the rows the floor reads', fleetRows, floorRows),
        { name: 'the read found something', ok: fleetRows > 0, detail: `${String(fleetRows)} rows` },
      ],
    };
  });
}

/** Every read scenario, on one project seeded with `readEvents` workload events (live projections). */
export async function runReads(recorder: Recorder): Promise<void> {
  const project = await openProject(recorder, 'reads');
  try {
    const seeded = await seedWorkload(project.store, recorder.config.readEvents);
    // The floors read a copy: bun:sqlite is a second copy of SQLite in this process, and opening the file
    // FleetTools has open would drop FleetTools' file locks when it closes.
    const copy = `${project.file}.floor`;
    await project.db.$client.all({ sql: 'VACUUM INTO ?', args: [copy] });
    const sqlite = openSqlite(copy);
    const client = await openLibsql(copy);
    try {
      for (const read of [
        ...eventQueries(project, seeded.startMs, recorder.config.readEvents),
        ...otherReads(project),
      ]) {
        await timeRead(recorder, read, sqlite, client);
      }
    } finally {
      sqlite.close();
      client.close();
    }
  } finally {
    await closeProject(project);
  }
}
