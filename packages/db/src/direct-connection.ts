import type { Client, InStatement, ResultSet, Value } from '@libsql/client';
import { LibsqlError } from '@libsql/client';

import { localPragmas } from './connection-settings.js';
import { DirectTransaction } from './direct-transaction.js';
import {
  native,
  namedRowOf,
  nativeStatement,
  openNative,
  resultSetOf,
  sharesClientDriver,
  valuesOf,
  type NamedRow,
  type NativeDatabase,
  type NativeStatement,
} from './native-driver.js';
import { driverCode } from './errors.js';
import type { DbTarget } from './options.js';

type FileTarget = Extract<DbTarget, { kind: 'file' }>;

/** Most statements kept prepared per way of reading rows: the store's texts are a few dozen. */
const MAX_PREPARED = 512;

/** A statement prepared once, with what running it needs to know. */
interface Prepared {
  readonly statement: NativeStatement;
  readonly reader: boolean;
  readonly columns: readonly string[];
}

/** Where a client's file is, and how to wait until it is ready (settings applied, schema migrated). */
interface Registered {
  readonly target: FileTarget;
  readonly ready: () => Promise<void>;
}

const registered = new WeakMap<Client, Registered>();
const connections = new WeakMap<Client, DirectConnection>();

/**
 * Records that `client` is a read-write connection to the file `target`, so it can have a
 * {@link DirectConnection}. Called by `createFleetDb`; in-memory, remote and read-only databases are never
 * recorded.
 */
export function rememberFileTarget(client: Client, target: DbTarget, ready: () => Promise<void>): void {
  if (target.kind === 'file' && !target.readonly) registered.set(client, { target, ready });
}

/**
 * The direct connection of `client` (one per client, opened on first use); `undefined` when the client is not
 * an open read-write connection to a local file (in memory, on a server, read-only, closed), or when this
 * install loads a copy of the `libsql` driver other than @libsql/client's (see `sharesClientDriver`), where
 * callers keep using the client, which reports a closed client as such.
 *
 * @example
 * const direct = directConnectionOf(db.$client);
 * const results =
 *   direct === undefined ? await db.$client.batch(statements, 'write') : await direct.batch(statements);
 */
export function directConnectionOf(client: Client): DirectConnection | undefined {
  const file = registered.get(client);
  if (file === undefined || !sharesClientDriver()) return undefined;
  let connection = connections.get(client);
  if (client.closed) {
    connection?.close();
    return undefined;
  }
  if (connection === undefined) {
    connection = new DirectConnection(file.target, file.ready);
    connections.set(client, connection);
  }
  return connection;
}

/**
 * Begins a {@link DirectTransaction} on `client`'s direct connection; `undefined` when the client is not an
 * open read-write connection to a local file (in memory, on a server, read-only, closed), where callers keep
 * using the client (which reports a closed client as such). Waits until the database is ready.
 *
 * @throws {LibsqlError} `SQLITE_BUSY` when another connection held the write lock past the busy timeout.
 * @example
 * const direct = await beginDirectWrite(db.$client);
 * if (direct !== undefined) {
 *   try { await direct.run(statements); await direct.commit(); } finally { direct.close(); }
 * }
 */
export async function beginDirectWrite(client: Client): Promise<DirectTransaction | undefined> {
  return directConnectionOf(client)?.begin();
}

/** Whether `client`'s direct connection has a transaction open (and so holds the write lock). */
export function directTransactionOpen(client: Client): boolean {
  return connections.get(client)?.inTransaction === true;
}

/** Closes `client`'s direct connection, if it has one (`closeFleetDb` does). */
export function closeDirectConnection(client: Client): void {
  connections.get(client)?.close();
}

/**
 * A second connection to a project's database file, opened with the native `libsql` driver that
 * @libsql/client itself runs on, with the client's settings (busy timeout, `synchronous`, foreign keys,
 * recursive triggers), that prepares each distinct SQL text once and reuses it.
 *
 * @libsql/client prepares every statement anew, which costs more than running it: an append's two statements
 * and its transaction cost about 75 µs here against 210–260 µs through the client. Both connections live in
 * one copy of SQLite, so they share its file locks; this one takes the write lock like any other writer, so
 * the process's own writes must not overlap it (the event store queues them).
 *
 * A failure rolls the open transaction back and ends it; after `SQLITE_BUSY` the connection is closed too (the
 * driver leaves the statement that met it unfinished, which would block later commits) and the next call
 * opens a fresh one. Errors are `LibsqlError`s with the client's codes (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`...).
 */
export class DirectConnection {
  readonly #target: FileTarget;
  readonly #ready: () => Promise<void>;
  #db: NativeDatabase | undefined;
  readonly #prepared = new Map<string, Prepared>();
  readonly #preparedForArrays = new Map<string, Prepared>();
  /** Who holds the open transaction: a {@link DirectTransaction}, or a running `batch`; none when closed. */
  #owner: object | undefined;

  /** A connection to `target`, opened on first use, once `ready()` (the client's preparation) has settled. */
  constructor(target: FileTarget, ready: () => Promise<void>) {
    this.#target = target;
    this.#ready = ready;
  }

  /**
   * Runs the statements in one write transaction (`BEGIN IMMEDIATE … COMMIT`), all or nothing, as
   * `client.batch(statements, 'write')` does, and returns their results (rows of `RETURNING` included).
   */
  async batch(statements: readonly InStatement[]): Promise<ResultSet[]> {
    await this.#ready();
    if (this.#owner !== undefined) throw transactionActive();
    return this.#attempt(() => {
      this.#begin(statements);
      const results = statements.map((statement) => this.#resultSet(statement));
      this.#run('COMMIT');
      this.#owner = undefined;
      return results;
    });
  }

  /**
   * Begins an interactive write transaction (`BEGIN IMMEDIATE`), once the database is ready. End it with
   * `close()` (after `commit()`, or to roll back). One at a time.
   *
   * @throws {LibsqlError} `SQLITE_BUSY` when another connection held the write lock past the busy timeout;
   * `TRANSACTION_ACTIVE` while another transaction of this connection is open.
   */
  async begin(): Promise<DirectTransaction> {
    await this.#ready();
    if (this.#owner !== undefined) throw transactionActive();
    const transaction = new DirectTransaction(this);
    await this.#attempt(() => {
      this.#begin(transaction);
    });
    return transaction;
  }

  /** Whether a transaction of this connection is open. */
  get inTransaction(): boolean {
    return this.#owner !== undefined;
  }

  /**
   * Whether the connection is open now. Opening one costs about 0.4 ms (SQLite reads the schema again), worth
   * it for writes; a reader may prefer the client until a write opened it.
   */
  get isOpen(): boolean {
    return this.#db !== undefined;
  }

  /**
   * Outside any transaction: one statement's rows, as column name → value, from the newest committed state
   * (the store's reads).
   *
   * @throws {LibsqlError} `TRANSACTION_ACTIVE` while a transaction of this connection is open (it would see
   * that transaction's uncommitted writes).
   */
  async read(statement: InStatement): Promise<NamedRow[]> {
    await this.#ready();
    if (this.#owner !== undefined) throw transactionActive();
    return this.#attempt(() => this.#rows(statement));
  }

  /** Inside `owner`'s open transaction: one statement's rows, as arrays of values in column order. */
  values(owner: DirectTransaction, statement: InStatement): Promise<Value[][]> {
    return this.#inside(owner, () => {
      const { sql, args } = nativeStatement(statement);
      return (this.#prepare(sql, 'arrays').statement.all(args) as unknown[][]).map(valuesOf);
    });
  }

  /** Inside `owner`'s open transaction: statements that return nothing, in order. */
  run(owner: DirectTransaction, statements: readonly InStatement[]): Promise<void> {
    return this.#inside(owner, () => {
      for (const statement of statements) {
        const { sql, args } = nativeStatement(statement);
        this.#prepare(sql).statement.run(args);
      }
    });
  }

  /** Inside `owner`'s open transaction: statements in order, with results shaped as the client's. */
  execute(owner: DirectTransaction, statements: readonly InStatement[]): Promise<ResultSet[]> {
    return this.#inside(owner, () => statements.map((statement) => this.#resultSet(statement)));
  }

  /** Commits `owner`'s open transaction. */
  commit(owner: DirectTransaction): Promise<void> {
    return this.#inside(owner, () => {
      this.#run('COMMIT');
      this.#owner = undefined;
    });
  }

  /** Rolls `owner`'s transaction back if it is still the open one; otherwise does nothing. Never throws. */
  rollback(owner: DirectTransaction): void {
    if (this.#owner === owner) this.#rollback();
  }

  /** Closes the connection (rolling back whatever is open); the next call opens a new one. Never throws. */
  close(): void {
    const db = this.#db;
    this.#db = undefined;
    this.#owner = undefined;
    this.#prepared.clear();
    this.#preparedForArrays.clear();
    if (db === undefined || !db.open) return;
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch {
      // Closing ends the transaction anyway.
    } finally {
      db.close();
    }
  }

  #begin(owner: object): void {
    this.#run('BEGIN IMMEDIATE');
    this.#owner = owner;
  }

  /** Ends the open transaction, rolling it back; a connection that cannot is closed. */
  #rollback(): void {
    this.#owner = undefined;
    try {
      if (this.#db?.inTransaction === true) this.#db.exec('ROLLBACK');
    } catch {
      this.close();
    }
  }

  #rows(statement: InStatement): NamedRow[] {
    const { sql, args } = nativeStatement(statement);
    return (this.#prepare(sql).statement.all(args) as Record<string, unknown>[]).map(namedRowOf);
  }

  #run(sql: string): void {
    this.#prepare(sql).statement.run([]);
  }

  #resultSet(statement: InStatement): ResultSet {
    const { sql, args } = nativeStatement(statement);
    const prepared = this.#prepare(sql, 'arrays');
    if (!prepared.reader) {
      const info = prepared.statement.run(args);
      return resultSetOf([], [], info.changes, BigInt(info.lastInsertRowid));
    }
    return resultSetOf(prepared.columns, prepared.statement.all(args) as unknown[][], 0, undefined);
  }

  /** `sql` prepared once per way of reading rows: as objects (the default) or as arrays. */
  #prepare(sql: string, rowsAs: 'objects' | 'arrays' = 'objects'): Prepared {
    const cache = rowsAs === 'objects' ? this.#prepared : this.#preparedForArrays;
    let prepared = cache.get(sql);
    if (prepared === undefined) {
      const statement = this.#open().prepare(sql);
      const reader = statement.reader;
      if (reader && rowsAs === 'arrays') statement.raw(true);
      prepared = { statement, reader, columns: reader ? statement.columns().map((c) => c.name) : [] };
      // Bounded without bookkeeping on every call: when full, all are let go, and the statements still in
      // use are prepared again on their next call (the store's texts are a few dozen).
      if (cache.size >= MAX_PREPARED) cache.clear();
      cache.set(sql, prepared);
    }
    return prepared;
  }

  #open(): NativeDatabase {
    if (this.#db === undefined) {
      const db = openNative(this.#target.path, this.#target.busyTimeoutMs);
      try {
        db.exec(localPragmas(this.#target).join(';\n'));
      } catch (error) {
        db.close();
        throw error;
      }
      this.#db = db;
    }
    return this.#db;
  }

  /**
   * Runs `call`; on failure, ends the open transaction (rolled back) before the error goes on. After
   * `SQLITE_BUSY` the connection is closed too: the driver leaves the statement that met it unfinished, and
   * it would block later commits.
   */
  #guard<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (driverCode(error)?.startsWith('SQLITE_BUSY') === true) this.close();
      else this.#rollback();
      throw error;
    }
  }

  /**
   * {@link #attempt} inside `owner`'s transaction; refused when it is not the open one any more (it was
   * closed, or ended by a failure), so nothing runs outside it, or in a later one, by mistake.
   */
  #inside<T>(owner: DirectTransaction, call: () => T): Promise<T> {
    if (this.#owner !== owner) {
      return Promise.reject(new LibsqlError('The direct transaction has ended', 'TRANSACTION_CLOSED'));
    }
    return this.#attempt(call);
  }

  /** {@link #guard} with the driver's errors as `LibsqlError`s, as a promise (the client's API is async). */
  // eslint-disable-next-line @typescript-eslint/require-await -- async only so that a throw becomes a rejection
  async #attempt<T>(call: () => T): Promise<T> {
    return native(() => this.#guard(call));
  }
}

function transactionActive(): LibsqlError {
  return new LibsqlError('A transaction of the direct connection is already open', 'TRANSACTION_ACTIVE');
}
