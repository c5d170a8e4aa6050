import {
  LibsqlError,
  type Client,
  type InValue,
  type ResultSet,
  type Transaction,
  type Value,
} from '@libsql/client';

import {
  APPLIED_MIGRATIONS,
  appliedMigrationsOf,
  isMissingTable,
  MIGRATION_BOOKKEEPING,
  MigrationStepError,
  pendingMigrations,
  type AppliedMigrations,
} from '../migrator.js';
import { DatabaseClosedError, SqlError } from '../errors.js';
import { schemaVerdict } from '../schema-check.js';
import type {
  SqlCell,
  SqlConnection,
  SqlRow,
  SqlRunner,
  SqlRunResult,
  SqlStatement,
  TransactionMode,
} from './port.js';
import { Turn } from './turn.js';

/**
 * The connection of a database served by a libSQL server (`url:`), on `@libsql/client`, behind the same
 * port as a local one. Its schema is brought up to date asynchronously when it is created (a server cannot
 * be reached synchronously): every operation waits for that step, and fails with its error.
 *
 * Not exercised against a server in this repository's tests (none can run here): only creation, option
 * checks and the failure of an unreachable server are.
 */
export class RemoteConnection implements SqlConnection {
  readonly kind = 'remote';
  readonly #client: Client;
  readonly #turn = new Turn();
  readonly #ready: Promise<void>;

  /** Wraps `client` and starts bringing its schema up to date (`prepare` turns failures into typed errors). */
  constructor(client: Client, label: string, prepare: (migrate: () => Promise<void>) => Promise<void>) {
    this.#client = client;
    this.#ready = prepare(() => migrate(client, label));
    // Reported to every caller through #inTurn; this keeps it from being "unhandled" when nobody calls.
    this.#ready.catch(() => undefined);
  }

  /** Settles once the schema is up to date; rejects with the error that prevented it. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Whether the client is closed. */
  get closed(): boolean {
    return this.#client.closed;
  }

  /** Every row of a query. */
  all(statement: SqlStatement): Promise<SqlRow[]> {
    return this.#inTurn(async () => objectsOf(await execute(this.#client, statement)));
  }

  /** Every row of a query as arrays of values. */
  values(statement: SqlStatement): Promise<SqlCell[][]> {
    return this.#inTurn(async () => arraysOf(await execute(this.#client, statement)));
  }

  /** The first row of a query. */
  get(statement: SqlStatement): Promise<SqlRow | undefined> {
    return this.#inTurn(async () => objectsOf(await execute(this.#client, statement))[0]);
  }

  /** A statement that returns no rows. */
  run(statement: SqlStatement): Promise<SqlRunResult> {
    return this.#inTurn(async () => ({
      changes: (await execute(this.#client, statement)).rowsAffected,
    }));
  }

  /** One interactive transaction of the server, in turn. */
  transaction<T>(mode: TransactionMode, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.#inTurn(async () => {
      const tx = await this.#client.transaction(mode);
      try {
        const result = await work(runnerOf(tx));
        await tx.commit();
        return result;
      } finally {
        tx.close();
      }
    });
  }

  /** Runs `work` in turn. */
  inTurn<T>(work: () => T | PromiseLike<T>): Promise<T> {
    return this.#inTurn(work);
  }

  /** Closes the client once the operations already called settled. */
  async close(): Promise<void> {
    await this.#ready.catch(() => undefined);
    await this.#turn.drained();
    if (!this.#client.closed) this.#client.close();
  }

  #inTurn<T>(work: () => T | PromiseLike<T>): Promise<T> {
    return this.#turn.run(async () => {
      await this.#ready;
      if (this.#client.closed) throw new DatabaseClosedError('the libSQL server');
      try {
        return await work();
      } catch (error) {
        throw error instanceof LibsqlError ? sqlErrorOf(error, '') : error;
      }
    });
  }
}

function runnerOf(tx: Transaction): SqlRunner {
  return {
    all: async (statement) => objectsOf(await execute(tx, statement)),
    values: async (statement) => arraysOf(await execute(tx, statement)),
    get: async (statement) => objectsOf(await execute(tx, statement))[0],
    run: async (statement) => ({ changes: (await execute(tx, statement)).rowsAffected }),
  };
}

/**
 * Applies the pending migrations in one write transaction of the server (checked under its lock).
 *
 * @throws {DatabaseVersionError} the server's schema is ahead of this release.
 */
async function migrate(client: Client, label: string): Promise<void> {
  const tx = await client.transaction('write');
  try {
    await tx.execute(MIGRATION_BOOKKEEPING.create);
    const applied = await appliedOn(tx);
    if (schemaVerdict(label, applied, false) === 'current') return;
    for (const migration of pendingMigrations(applied.latest)) {
      for (const statement of migration.statements) {
        await tx.execute(statement).catch((error: unknown) => {
          throw new MigrationStepError(migration.tag, error);
        });
      }
      await tx.execute({ sql: MIGRATION_BOOKKEEPING.record, args: [migration.hash, migration.when] });
    }
    await tx.commit();
  } finally {
    tx.close();
  }
}

async function appliedOn(tx: Transaction): Promise<AppliedMigrations> {
  try {
    return appliedMigrationsOf(objectsOf(await tx.execute(APPLIED_MIGRATIONS))[0]);
  } catch (error) {
    if (isMissingTable(error)) return { count: 0, latest: null };
    throw error;
  }
}

/** Runs one statement on the client or a transaction, its driver errors as {@link SqlError}s. */
async function execute(runner: Client | Transaction, statement: SqlStatement): Promise<ResultSet> {
  const args: InValue[] = [...(statement.args ?? [])];
  try {
    return await runner.execute({ sql: statement.sql, args });
  } catch (error) {
    throw error instanceof LibsqlError ? sqlErrorOf(error, statement.sql) : error;
  }
}

function sqlErrorOf(error: LibsqlError, sql: string): SqlError {
  return new SqlError(error.extendedCode ?? error.code, error.message, sql, { cause: error });
}

function cellOf(value: Value | undefined): SqlCell {
  if (value === undefined) return null;
  return value instanceof ArrayBuffer ? new Uint8Array(value) : value;
}

function arraysOf(result: ResultSet): SqlCell[][] {
  return result.rows.map((row) => result.columns.map((_, i) => cellOf(row[i])));
}

function objectsOf(result: ResultSet): SqlRow[] {
  return result.rows.map((row) => {
    const object: Record<string, SqlCell> = {};
    result.columns.forEach((column, i) => {
      if (!(column in object)) object[column] = cellOf(row[i]);
    });
    return object;
  });
}
