import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { closeFleetDb, createFleetDb, fleetDbReady, type FleetDB } from '@fleettools/db';
import { EventStore } from '@fleettools/events';
import type { Database } from 'bun:sqlite';
import type { Client } from '@libsql/client';

import { PROJECT } from '../lib/events.js';
import type { Figure } from '../lib/figures.js';
import { closeProject, openProject } from '../lib/fleet.js';
import { migrationStatements, openLibsql, openSqlite } from '../lib/floor.js';
import { measureOpWith, type Budget } from '../lib/measure.js';
import type { Floors, Recorder } from '../lib/scenario.js';

/** The first query of every open: what the caller waits for. */
const FIRST_QUERY = 'SELECT COALESCE(MAX(sequence), 0) AS latest FROM events WHERE project_key = ?';

/** Open, get ready, first query; each open's connection is closed before the next (untimed). */
async function timeFleetOpens(nextDir: () => string, budget: Budget): Promise<Figure> {
  let previous: FleetDB | undefined;
  const figure = await measureOpWith(
    async () => {
      if (previous !== undefined) await closeFleetDb(previous);
      return nextDir();
    },
    async (projectPath) => {
      const db = createFleetDb({ projectPath });
      previous = db;
      await fleetDbReady(db);
      await EventStore.fromDb(db).getLatestSequence(PROJECT);
    },
    budget,
  );
  if (previous !== undefined) await closeFleetDb(previous);
  return figure;
}

/** The floors of an open: `bun:sqlite` and `@libsql/client`, with (`migrate`) or without creating the schema. */
async function timeFloorOpens(nextFile: () => string, migrate: boolean, budget: Budget): Promise<Floors> {
  const statements = migrationStatements();
  let sqlite: Database | undefined;
  const sqliteFigure = await measureOpWith(
    () => {
      sqlite?.close();
      return nextFile();
    },
    (file) => {
      sqlite = openSqlite(file);
      const db = sqlite;
      if (migrate) {
        db.transaction(() => {
          for (const statement of statements) db.run(statement);
        }).immediate();
      }
      db.query(FIRST_QUERY).get(PROJECT);
    },
    budget,
  );
  sqlite?.close();
  let client: Client | undefined;
  const libsqlFigure = await measureOpWith(
    () => {
      client?.close();
      return nextFile();
    },
    async (file) => {
      client = await openLibsql(file);
      if (migrate) await client.batch(statements, 'write');
      await client.execute({ sql: FIRST_QUERY, args: [PROJECT] });
    },
    budget,
  );
  client?.close();
  return { sqlite: sqliteFigure, libsql: libsqlFigure };
}

/** Cold open (a new project: create, migrate, first query) and warm open (an existing one). */
export async function runOpen(recorder: Recorder): Promise<void> {
  const { slow } = recorder.config;
  const newFile = (): string => {
    const fleetDir = join(recorder.dir('floor-open'), '.fleet');
    mkdirSync(fleetDir);
    return join(fleetDir, 'fleet.db');
  };
  await recorder.run(
    'open.cold',
    'open',
    'cold open: new project, create + migrate, first query',
    async () => ({
      fleet: await timeFleetOpens(() => recorder.dir('cold'), slow),
      floors: await timeFloorOpens(newFile, true, slow),
    }),
  );

  await recorder.run('open.warm', 'open', 'warm open: existing project, first query', async () => {
    const existing = await openProject(recorder, 'warm');
    await closeProject(existing);
    return {
      fleet: await timeFleetOpens(() => existing.dir, slow),
      floors: await timeFloorOpens(() => existing.file, false, slow),
    };
  });
}
