import Database from 'libsql';

import { SqlError } from '../errors.js';
import { bindable, rowOf } from './bind.js';
import type { SqlCell, SqlRow, SqlStatement } from './port.js';
import { aggregateSql, decodeAggregate, outerColumnsSql } from './row-aggregate.js';
import { StatementCache } from './statement-cache.js';

type NativeDatabase = Database.Database;
type NativeStatement = ReturnType<NativeDatabase['prepare']>;

/** Most statements one connection keeps prepared. */
const MAX_PREPARED = 512;

/** A statement prepared once, with how to read its rows. */
interface Prepared {
  /** The statement; a reader in raw mode (rows as arrays: no `_metadata` key, no property per column). */
  readonly statement: NativeStatement;
  /** Whether it returns rows. */
  readonly reader: boolean;
  /** Its result columns, as named in its rows. */
  readonly columns: readonly string[];
  /**
   * The statement returning all its rows as one JSON text (see `row-aggregate.ts`); `undefined` for a
   * statement that cannot be a subquery (`PRAGMA`, `… RETURNING`), read with `.all()`.
   */
  readonly aggregate: NativeStatement | undefined;
}

/** What a statement that returns no rows did, as Drizzle's `db.run()` reports it. */
export interface NativeRunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** How to open the native connection again (after `SQLITE_BUSY`) and put it in the expected state. */
export interface NativeTarget {
  /** The file, or `:memory:`. */
  readonly path: string;
  /** Busy timeout, in ms. */
  readonly busyTimeoutMs: number;
  /** Applies the per-connection settings to a newly opened connection. */
  readonly configure: (session: NativeSession) => void;
}

/**
 * One native `libsql` connection, run synchronously: every distinct statement prepared once, one array
 * bound, many rows read through one `get()`, errors turned into {@link SqlError}s.
 *
 * The driver does not reset a statement that failed: run again, it fails again with its old values (a
 * retried `INSERT` met the duplicate key of the previous call), so a statement that failed is dropped and
 * prepared anew on its next use. After `SQLITE_BUSY`, the un-reset statement also makes every later `COMMIT`
 * on the connection fail ("cannot commit transaction - SQL statements in progress"): the connection is then
 * rolled back and reopened (a file only: `:memory:` is never busy, and reopening it would lose it).
 */
export class NativeSession {
  readonly #target: NativeTarget;
  #db: NativeDatabase;
  readonly #cache = new StatementCache<Prepared>(MAX_PREPARED);

  /** Opens the connection and configures it. @throws {SqlError} it cannot be opened or configured. */
  constructor(target: NativeTarget) {
    this.#target = target;
    this.#db = this.#open();
  }

  /** Whether a transaction is open on the connection. */
  get inTransaction(): boolean {
    return this.#db.open && this.#db.inTransaction;
  }

  /** Whether the connection is open. */
  get open(): boolean {
    return this.#db.open;
  }

  /** Every row, as objects keyed by column name. */
  all(statement: SqlStatement): SqlRow[] {
    return this.#guard(statement.sql, () => {
      const prepared = this.#prepare(statement.sql);
      return this.#rows(prepared, statement).map((cells) => rowOf(prepared.columns, cells));
    });
  }

  /** Every row, as arrays of values in column order. */
  values(statement: SqlStatement): SqlCell[][] {
    return this.#guard(statement.sql, () => this.#rows(this.#prepare(statement.sql), statement));
  }

  /** The first row, or `undefined`. */
  get(statement: SqlStatement): SqlRow | undefined {
    return this.#guard(statement.sql, () => {
      const prepared = this.#prepare(statement.sql);
      const cells = prepared.statement.get(bindable(statement.args ?? [])) as SqlCell[] | undefined;
      return cells === undefined ? undefined : rowOf(prepared.columns, cells);
    });
  }

  /** The first row as an array of values, or `undefined`. */
  getValues(statement: SqlStatement): SqlCell[] | undefined {
    return this.#guard(statement.sql, () => {
      const prepared = this.#prepare(statement.sql);
      return prepared.statement.get(bindable(statement.args ?? [])) as SqlCell[] | undefined;
    });
  }

  /** A statement that returns no rows. */
  run(statement: SqlStatement): NativeRunResult {
    return this.#guard(statement.sql, () => {
      const { changes, lastInsertRowid } = this.#prepare(statement.sql).statement.run(
        bindable(statement.args ?? []),
      );
      return { changes, lastInsertRowid };
    });
  }

  /** Statements separated by `;`, none prepared for later (settings, migrations). */
  exec(sql: string): void {
    this.#guard(sql, () => {
      this.#db.exec(sql);
    });
  }

  /** Rolls back the open transaction, if any. Never throws (a connection that cannot is reopened). */
  rollback(): void {
    if (!this.inTransaction) return;
    try {
      this.#db.exec('ROLLBACK');
    } catch {
      this.#reopen();
    }
  }

  /**
   * Closes the connection: first `PRAGMA wal_checkpoint(TRUNCATE)` when `checkpoint` (every committed page is
   * then in the database file itself, and the WAL is empty; skipped when another connection reads). Its
   * prepared statements are dropped; their descriptors are released once collected (see `release.ts`).
   */
  close(checkpoint: boolean): void {
    if (!this.#db.open) return;
    this.rollback();
    if (checkpoint) {
      try {
        this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch {
        // Another connection holds a read snapshot: its own close (or SQLite's next checkpoint) finishes it.
      }
    }
    this.#cache.clear();
    this.#db.close();
  }

  #open(): NativeDatabase {
    const db = wrap('open', () => new Database(this.#target.path, { timeout: this.#target.busyTimeoutMs }));
    this.#db = db;
    try {
      this.#target.configure(this);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  #reopen(): void {
    this.#cache.clear();
    try {
      this.#db.close();
    } finally {
      this.#open();
    }
  }

  #rows(prepared: Prepared, statement: SqlStatement): SqlCell[][] {
    const args = bindable(statement.args ?? []);
    if (prepared.aggregate !== undefined) {
      const [json] = prepared.aggregate.get(args) as [string];
      return decodeAggregate(json);
    }
    return prepared.statement.all(args) as SqlCell[][];
  }

  #prepare(sql: string): Prepared {
    return this.#cache.get(sql, () => {
      const statement = this.#db.prepare(sql);
      const reader = statement.reader;
      if (!reader) return { statement, reader, columns: [], aggregate: undefined };
      statement.raw(true);
      const columns = statement.columns().map((column) => column.name);
      return { statement, reader, columns, aggregate: this.#aggregateOf(sql) };
    });
  }

  /** The aggregated form of a query, when it can be a subquery. */
  #aggregateOf(sql: string): NativeStatement | undefined {
    let outer: string[];
    try {
      outer = this.#db
        .prepare(outerColumnsSql(sql))
        .columns()
        .map((column) => column.name);
    } catch {
      return undefined; // PRAGMA, INSERT … RETURNING…: read with .all()
    }
    return this.#db.prepare(aggregateSql(sql, outer)).raw(true);
  }

  /**
   * Runs `call`, turning the driver's errors into {@link SqlError}s; a statement that failed is dropped, and
   * after `SQLITE_BUSY` the connection is reopened.
   */
  #guard<T>(sql: string, call: () => T): T {
    try {
      return wrap(sql, call);
    } catch (error) {
      this.#cache.delete(sql);
      if (error instanceof SqlError && error.busy && this.#target.path !== ':memory:') {
        this.rollback();
        this.#reopen();
      }
      throw error;
    }
  }
}

/** Runs a driver call, turning its errors into {@link SqlError}s. */
function wrap<T>(sql: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      throw new SqlError(error.code, error.message, sql, { cause: error });
    }
    throw error;
  }
}
