import { existsSync, mkdirSync } from 'node:fs';

import { FleetError } from '@fleettools/core';
import { createClient, type Client } from '@libsql/client';
import {
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  type ExtractTablesWithRelations,
} from 'drizzle-orm';
import { BetterSQLiteSession } from 'drizzle-orm/better-sqlite3/session';
import { drizzle as drizzleOnServer } from 'drizzle-orm/libsql';
import { BaseSQLiteDatabase, SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';

import { DrizzleClient } from './connection/drizzle-client.js';
import { LocalConnection } from './connection/local-connection.js';
import type { NativeRunResult } from './connection/native-session.js';
import type { SqlConnection } from './connection/port.js';
import { RemoteConnection } from './connection/remote-connection.js';
import type { LocalTarget } from './connection-settings.js';
import { DatabaseMigrationError, DatabaseOpenError, driverCode, messageOf, SqlError } from './errors.js';
import { MigrationStepError } from './migrator.js';
import { openLocal } from './open-local.js';
import type { CreateDbOptions, DbTarget } from './options.js';
import { MEMORY_TARGET, resolveTarget } from './options.js';
import * as schema from './schema/index.js';

/** Every table of the FleetTools model, as attached to {@link FleetDB} (`db.query.eventsTable`...). */
export const fleetSchema = schema;

/** The schema type attached to {@link FleetDB}. */
export type FleetSchema = typeof schema;

type FleetRelations = ExtractTablesWithRelations<FleetSchema>;

/**
 * A typed Drizzle database over the FleetTools schema (`await db.select()…`, `db.query.*` for every table),
 * and `db.$client`, its one connection ({@link SqlConnection}: what the store runs on).
 *
 * On a local file or in memory, Drizzle's queries run synchronously on that connection (`.all()`, `.get()`
 * and `.run()` return at once; `await` works too). On a libSQL server (`url:`) they are asynchronous: await
 * them, after {@link fleetDbReady}.
 */
export type FleetDB = BaseSQLiteDatabase<'sync', NativeRunResult, FleetSchema> & {
  readonly $client: SqlConnection;
};

/**
 * Opens (creating and migrating if needed) a project's database at `<projectPath>/.fleet/<filename>`, or
 * a libSQL server's database when `url` is given.
 *
 * Synchronous: options are validated, `.fleet/` and the file are created, and the one connection is opened,
 * configured (WAL, busy timeout, synchronous, foreign keys) and migrated before it returns, so the first
 * query already sees every table. (A server's schema is brought up to date asynchronously: see
 * {@link fleetDbReady}.)
 *
 * @example
 * const db = createFleetDb({ projectPath: process.cwd() });
 * await db.select().from(eventsTable).limit(1);
 *
 * @throws {PathValidationError} when `projectPath` is not an existing directory or `filename` not a plain name.
 * @throws {DatabaseOptionsError} for any other malformed option.
 * @throws {DatabaseOpenError} when the file cannot be created or opened (permissions, I/O, a path under a
 * regular file; or, read-only, it does not exist), or stays locked past the busy timeout.
 * @throws {DatabaseMigrationError} when a migration fails, or a read-only database is behind.
 * @throws {DatabaseVersionError} when the database was written by a newer release (refused for writing;
 * `readonly: true` opens it for reading).
 */
export function createFleetDb(options: CreateDbOptions): FleetDB {
  const target = resolveTarget(options);
  if (target.kind === 'remote') return openRemote(target);
  if (target.kind === 'file') prepareDirectory(target);
  return openLocalDb(target);
}

/**
 * A fresh, migrated, isolated in-memory database (nothing touches the disk): each call is a new, empty
 * database on its own connection.
 *
 * @example
 * const db = createInMemoryDb();
 * await db.insert(cursorsTable).values({ project_key: '/p', consumer: 'c', position: 0, updated_at: nowIso() });
 */
export function createInMemoryDb(): FleetDB {
  return openLocalDb(MEMORY_TARGET);
}

/**
 * Resolves when `db` is ready; rejects with the `DatabaseOpenError`, `DatabaseMigrationError` or
 * `DatabaseVersionError` that prevents its use. A local database is ready when `createFleetDb` returns; a
 * server's is once its schema was checked and migrated (every store operation waits for it anyway).
 */
export async function fleetDbReady(db: FleetDB): Promise<void> {
  if (db.$client instanceof RemoteConnection) await db.$client.ready;
}

/**
 * Closes the database's connection once the operations already called settled: a local file is
 * checkpointed first (`wal_checkpoint(TRUNCATE)`: a copy of `fleet.db` alone then holds every event), and
 * every file descriptor is released before the promise resolves. Idempotent. Later calls on `db` fail with
 * `DatabaseClosedError`.
 */
export async function closeFleetDb(db: FleetDB): Promise<void> {
  await db.$client.close();
}

/**
 * Runs `work` in turn with the store's operations on `db` (never between two statements of one of its
 * transactions). Drizzle queries run at once on the one connection: a query issued while a transaction of
 * the store is open is refused (`TransactionActiveError`); read models run theirs through this.
 *
 * @example const rows = await inTurn(db, () => db.select().from(pilotsTable).all());
 */
export function inTurn<T>(db: FleetDB, work: () => T | PromiseLike<T>): Promise<T> {
  return db.$client.inTurn(work);
}

/** A short name of where the database lives, for messages. */
function label(target: DbTarget): string {
  return target.kind === 'file' ? target.path : target.url;
}

function prepareDirectory(target: Extract<DbTarget, { kind: 'file' }>): void {
  if (target.readonly) {
    if (!existsSync(target.path)) {
      throw new DatabaseOpenError(target.path, 'it does not exist (read-only mode creates nothing)', {
        driverCode: undefined,
      });
    }
    return;
  }
  try {
    mkdirSync(target.directory, { recursive: true });
  } catch (error) {
    throw new DatabaseOpenError(
      target.path,
      `cannot create ${target.directory}: ${messageOf(error)}`,
      { driverCode: driverCode(error) },
      { cause: error },
    );
  }
}

function openLocalDb(target: LocalTarget): FleetDB {
  let connection: LocalConnection;
  try {
    const writable = target.kind === 'file' && !target.readonly;
    connection = new LocalConnection(openLocal(target, label(target)), label(target), writable);
  } catch (error) {
    throw openFailure(target, error);
  }
  const dialect = new SQLiteSyncDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  // What drizzle's own drivers build (untyped there): the schema's relational config.
  const relational = {
    fullSchema: schema,
    schema: tables.tables as FleetRelations,
    tableNamesMap: tables.tableNamesMap,
  };
  const session = new BetterSQLiteSession<FleetSchema, FleetRelations>(
    new DrizzleClient(connection),
    dialect,
    relational,
    {},
  );
  const db = new BaseSQLiteDatabase<'sync', NativeRunResult, FleetSchema, FleetRelations>(
    'sync',
    dialect,
    session,
    relational,
  );
  return Object.assign(db, { $client: connection });
}

function openRemote(target: Extract<DbTarget, { kind: 'remote' }>): FleetDB {
  let client: Client;
  try {
    client = createClient(
      target.authToken === undefined ? { url: target.url } : { url: target.url, authToken: target.authToken },
    );
  } catch (error) {
    throw openFailure(target, error);
  }
  const connection = new RemoteConnection(client, target.url, async (migrate) => {
    try {
      await migrate();
    } catch (error) {
      throw openFailure(target, error);
    }
  });
  // Drizzle's libSQL driver on the same client: asynchronous queries (see FleetDB).
  const db = drizzleOnServer(client, { schema });
  return Object.assign(db, { $client: connection }) as unknown as FleetDB;
}

/** Any failure of opening as a FleetError: migrations' as `DatabaseMigrationError`, the rest `DatabaseOpenError`. */
function openFailure(target: DbTarget, error: unknown): FleetError {
  if (error instanceof MigrationStepError) {
    return new DatabaseMigrationError(
      label(target),
      messageOf(error.cause),
      { migration: error.tag },
      { cause: error },
    );
  }
  if (error instanceof FleetError && !(error instanceof SqlError)) return error;
  return new DatabaseOpenError(
    label(target),
    messageOf(error instanceof SqlError ? error.cause : error),
    { driverCode: error instanceof SqlError ? error.driverCode : driverCode(error) },
    { cause: error },
  );
}
