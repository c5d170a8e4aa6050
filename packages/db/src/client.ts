import { existsSync, mkdirSync } from 'node:fs';

import { FleetError } from '@fleettools/core';
import type { Client } from '@libsql/client';
import { createClient } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle } from 'drizzle-orm/libsql';

import { retryOnBusy } from './busy-retry.js';
import { applyConnectionSettings } from './connection-settings.js';
import { closeDirectConnection, rememberFileTarget } from './direct-connection.js';
import { DatabaseMigrationError, DatabaseOpenError, driverCode, messageOf } from './errors.js';
import { GatedClient } from './gated-client.js';
import {
  applyPendingMigrations,
  latestAppliedMillis,
  latestShippedMillis,
  MigrationStepError,
} from './migrator.js';
import type { CreateDbOptions, DbTarget } from './options.js';
import { MEMORY_TARGET, resolveTarget } from './options.js';
import * as schema from './schema/index.js';

/** Every table of the FleetTools model, as attached to {@link FleetDB} (`db.query.eventsTable`...). */
export const fleetSchema = schema;

/** The schema type attached to {@link FleetDB}. */
export type FleetSchema = typeof schema;

/**
 * A typed Drizzle database over the FleetTools schema. `db.query.*` works for every table, and
 * `db.$client` is the libSQL `Client` (one connection; every call waits until the database is ready).
 */
export type FleetDB = LibSQLDatabase<FleetSchema> & { $client: Client };

/**
 * Opens (creating and migrating if needed) a project's database at `<projectPath>/.fleet/<filename>`, or
 * a libSQL server's database when `url` is given.
 *
 * Synchronous: options are validated, `.fleet/` and the file are created, and the connection is opened
 * before it returns; settings (WAL, busy timeout, synchronous, foreign keys) and pending migrations are
 * applied right after, and every call on the returned database waits for them, so the first query
 * already sees every table. Use {@link fleetDbReady} to wait for (and check) that step explicitly.
 *
 * @example
 * const db = createFleetDb({ projectPath: process.cwd() });
 * await db.select().from(eventsTable).limit(1);
 *
 * @throws {PathValidationError} when `projectPath` is not an existing directory or `filename` not a plain name.
 * @throws {DatabaseOptionsError} for any other malformed option.
 * @throws {DatabaseOpenError} when the file cannot be created or opened (or, read-only, does not exist).
 * Failures of the asynchronous step (`DatabaseOpenError`, `DatabaseMigrationError`) reject every call.
 */
export function createFleetDb(options: CreateDbOptions): FleetDB {
  const target = resolveTarget(options);
  if (target.kind === 'file') prepareFile(target);
  return openTarget(target);
}

/**
 * A fresh, migrated, isolated in-memory database (nothing touches the disk): each call is a new, empty
 * database. Made for tests; it survives transactions (its single connection is never dropped).
 *
 * @example
 * const db = createInMemoryDb();
 * await db.insert(cursorsTable).values({ project_key: '/p', consumer: 'c', position: 0, updated_at: nowIso() });
 */
export function createInMemoryDb(): FleetDB {
  return openTarget(MEMORY_TARGET);
}

/**
 * Resolves when `db` is ready (settings applied, schema current); rejects with the `DatabaseOpenError` or
 * `DatabaseMigrationError` that prevents its use. Optional: every call waits for it anyway.
 */
export async function fleetDbReady(db: FleetDB): Promise<void> {
  if (db.$client instanceof GatedClient) await db.$client.ready;
}

/**
 * Closes the database's connection and its direct connection, after its preparation settled (so a migration
 * is never cut short). Idempotent. Later calls on `db` fail with the driver's `CLIENT_CLOSED`.
 */
export async function closeFleetDb(db: FleetDB): Promise<void> {
  await fleetDbReady(db).catch(() => undefined);
  closeDirectConnection(db.$client);
  if (!db.$client.closed) db.$client.close();
}

/** A short name of where the database lives, for messages. */
function label(target: DbTarget): string {
  return target.kind === 'file' ? target.path : target.url;
}

function prepareFile(target: Extract<DbTarget, { kind: 'file' }>): void {
  if (target.readonly) {
    if (!existsSync(target.path)) {
      throw new DatabaseOpenError(target.path, 'it does not exist (read-only mode creates nothing)', {
        driverCode: undefined,
      });
    }
  }
  try {
    mkdirSync(target.directory, { recursive: true });
  } catch (error) {
    throw new DatabaseOpenError(
      target.path,
      `cannot create ${target.directory}: ${messageOf(error)}`,
      {
        driverCode: driverCode(error),
      },
      { cause: error },
    );
  }
}

function openTarget(target: DbTarget): FleetDB {
  let inner: Client;
  try {
    inner = createClient(clientConfig(target));
  } catch (error) {
    throw new DatabaseOpenError(
      label(target),
      messageOf(error),
      { driverCode: driverCode(error) },
      { cause: error },
    );
  }
  const client = new GatedClient(inner, (raw) => prepare(raw, target), {
    batchMode: target.kind === 'file' && target.readonly ? 'deferred' : 'write',
    recoverFromBusy: target.kind === 'file',
  });
  rememberFileTarget(client, target, () => client.ready);
  return drizzle(client, { schema });
}

function clientConfig(target: DbTarget): Parameters<typeof createClient>[0] {
  if (target.kind === 'remote') {
    return target.authToken === undefined
      ? { url: target.url }
      : { url: target.url, authToken: target.authToken };
  }
  // One connection: PRAGMAs are per connection, and @libsql/client's local driver runs every statement
  // synchronously on the calling thread anyway, so more connections would add no parallelism.
  return { url: target.url, timeout: target.busyTimeoutMs, concurrency: 1 };
}

/**
 * Applies the connection settings, then brings the schema up to date; the whole sequence is retried with
 * back-off on `SQLITE_BUSY`, on a fresh connection each time (see `GateOptions.recoverFromBusy`). Every
 * failure becomes a FleetError.
 */
async function prepare(client: Client, target: DbTarget): Promise<void> {
  const budget = target.kind === 'file' ? target.busyTimeoutMs : 0;
  const reopen = (): void => {
    if (target.kind === 'file') client.reconnect();
  };
  try {
    await retryOnBusy(() => prepareOnce(client, target), budget, reopen);
  } catch (error) {
    if (error instanceof MigrationStepError) {
      throw new DatabaseMigrationError(
        label(target),
        messageOf(error.cause),
        { migration: error.tag },
        { cause: error },
      );
    }
    throw openFailure(target, error);
  }
}

async function prepareOnce(client: Client, target: DbTarget): Promise<void> {
  await applyConnectionSettings(client, target);
  const latest = await latestAppliedMillis(client);
  const shipped = latestShippedMillis();
  if (latest !== null && latest >= shipped) return;
  if (target.kind === 'file' && target.readonly) {
    throw new DatabaseMigrationError(
      target.path,
      'the read-only database is behind the shipped migrations; open it once without readonly',
      { latestApplied: latest, latestShipped: shipped },
    );
  }
  await applyPendingMigrations(client);
}

function openFailure(target: DbTarget, error: unknown): FleetError {
  if (error instanceof FleetError) return error;
  return new DatabaseOpenError(
    label(target),
    messageOf(error),
    { driverCode: driverCode(error) },
    { cause: error },
  );
}
