import type {
  Client,
  InArgs,
  InStatement,
  Replicated,
  ResultSet,
  Transaction,
  TransactionMode,
} from '@libsql/client';
import { LibsqlError } from '@libsql/client';

import { directTransactionOpen } from './direct-connection.js';
import { driverCode } from './errors.js';

/** How a {@link GatedClient} behaves beyond waiting for readiness. */
export interface GateOptions {
  /** Mode of a `batch()` called without one (Drizzle's `db.batch()` never passes one). */
  readonly batchMode: TransactionMode;
  /**
   * Reopen the connection (and prepare it again) before the next call after a call failed with
   * `SQLITE_BUSY`. @libsql/client 0.18.0 leaves the statement that got `SQLITE_BUSY` un-reset, and every
   * later COMMIT on that connection then fails with "cannot commit transaction - SQL statements in
   * progress"; a new connection is the only cure. Never for `:memory:` (reopening would lose the data).
   */
  readonly recoverFromBusy: boolean;
}

/**
 * A libSQL `Client` whose every call waits until the database is ready (settings applied, schema
 * migrated). `createFleetDb` is synchronous but the driver is not: the gate lets it return at once while
 * guaranteeing that the caller's very first query runs against a configured, migrated database. Once ready,
 * calls go straight through. If preparing failed, every call rejects with that typed error.
 */
export class GatedClient implements Client {
  readonly #inner: Client;
  readonly #prepare: (client: Client) => Promise<void>;
  readonly #options: GateOptions;
  #ready: Promise<void>;
  #isReady = false;
  #needsRecovery = false;

  /** Wraps `inner` and starts `prepare(inner)` at once. */
  constructor(inner: Client, prepare: (client: Client) => Promise<void>, options: GateOptions) {
    this.#inner = inner;
    this.#prepare = prepare;
    this.#options = options;
    this.#ready = this.#start();
  }

  /** Settles when the database is ready; rejects with the error that prevented it. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Whether the client is closed. */
  get closed(): boolean {
    return this.#inner.closed;
  }

  /** The underlying protocol: `file`, `http` or `ws`. */
  get protocol(): string {
    return this.#inner.protocol;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> {
    await this.#gate();
    return typeof stmtOrSql === 'string' && args !== undefined
      ? this.#watch(this.#inner.execute(stmtOrSql, args))
      : this.#watch(this.#inner.execute(stmtOrSql));
  }

  /**
   * Runs the statements in one transaction on one connection, all or nothing. Without `mode`, a writable
   * database uses `write` (`BEGIN IMMEDIATE`: the write lock is taken up front, so a batch never fails
   * half-way with `SQLITE_BUSY` on a lock upgrade); a read-only one uses `deferred`.
   */
  async batch(stmts: (InStatement | [string, InArgs?])[], mode?: TransactionMode): Promise<ResultSet[]> {
    await this.#gate();
    return this.#watch(this.#inner.batch(stmts, mode ?? this.#options.batchMode));
  }

  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    await this.#gate();
    return this.#watch(this.#inner.migrate(stmts));
  }

  async transaction(mode?: TransactionMode): Promise<Transaction> {
    await this.#gate();
    return this.#watch(this.#inner.transaction(mode));
  }

  async executeMultiple(sql: string): Promise<void> {
    await this.#gate();
    return this.#watch(this.#inner.executeMultiple(sql));
  }

  async sync(): Promise<Replicated> {
    await this.#gate();
    return this.#watch(this.#inner.sync());
  }

  /** Closes the connection at once; calls still waiting fail with the driver's `CLIENT_CLOSED`. */
  close(): void {
    this.#inner.close();
  }

  /** Reopens the connection and prepares it again (settings, schema check) before the next call runs. */
  reconnect(): void {
    this.#inner.reconnect();
    this.#isReady = false;
    this.#ready = this.#start();
  }

  #start(): Promise<void> {
    const ready = this.#prepare(this.#inner).then(() => {
      this.#isReady = true;
    });
    // The failure is reported to every caller through #gate(); this keeps it from being "unhandled" when
    // nobody calls before it settles.
    ready.catch(() => undefined);
    return ready;
  }

  async #gate(): Promise<void> {
    // The direct connection's transaction holds the write lock on this thread: a write here would wait on it
    // (blocking the thread it needs) until the busy timeout. Fail at once instead, as one connection would.
    if (directTransactionOpen(this)) {
      throw new LibsqlError(
        'A write transaction of this database (on its direct connection) is open; wait for it to end',
        'TRANSACTION_ACTIVE',
      );
    }
    if (this.#needsRecovery) {
      this.#needsRecovery = false;
      this.reconnect();
    }
    if (!this.#isReady) await this.#ready;
  }

  async #watch<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (this.#options.recoverFromBusy && driverCode(error) === 'SQLITE_BUSY') this.#needsRecovery = true;
      throw error;
    }
  }
}
