import type { Client, InStatement, InValue, ResultSet, Row, Value } from '@libsql/client';
import { LibsqlError } from '@libsql/client';
import Database from 'libsql';

import { localPragmas } from './connection-settings.js';
import type { DbTarget } from './options.js';

/** The native statement type of the `libsql` driver. */
type NativeStatement = ReturnType<Database.Database['prepare']>;

/** What the native driver binds: the client's values, with booleans, dates and buffers converted as it does. */
type NativeValue = string | number | bigint | null | Buffer | Uint8Array;

/** A row as {@link DirectTransaction.rows} returns it: column name → value. */
export type NamedRow = Readonly<Record<string, Value>>;

const targets = new WeakMap<object, Extract<DbTarget, { kind: 'file' }>>();

/**
 * Records that `client` is a read-write connection to the file `target`, so {@link beginDirectWrite} can
 * open a second connection to it. Called by `createFleetDb`; in-memory, remote and read-only databases are
 * never recorded.
 */
export function rememberFileTarget(client: object, target: DbTarget): void {
  if (target.kind === 'file' && !target.readonly) targets.set(client, target);
}

/**
 * A write transaction (`BEGIN IMMEDIATE`) on a second connection to a project's database file, opened with
 * the native `libsql` driver that @libsql/client itself runs on, with the same settings as the client's
 * connection (busy timeout, `synchronous`, foreign keys, recursive triggers).
 *
 * It exists for long rebuilds (replay), where @libsql/client's habit of preparing every statement anew costs
 * more than the statement itself: here each distinct SQL text is prepared once and reused. Both connections
 * live in one copy of SQLite, so they share its file locks, and this connection takes the database's write
 * lock like any other writer: the client's own writes in this process must wait their turn (the event store
 * runs replays on its write queue).
 *
 * Errors from the driver are `LibsqlError`s with the same codes the client reports (`SQLITE_BUSY`,
 * `SQLITE_CONSTRAINT`...).
 */
export class DirectTransaction {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, NativeStatement>();
  #committed = false;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * Opens the connection and begins the write transaction. Close it with {@link close} (after
   * {@link commit}, or to roll back).
   *
   * @throws {LibsqlError} `SQLITE_BUSY` when another connection held the write lock past the busy timeout.
   */
  static begin(target: Extract<DbTarget, { kind: 'file' }>): DirectTransaction {
    const db = native(() => new Database(target.path, { timeout: target.busyTimeoutMs }));
    try {
      native(() => db.exec(localPragmas(target).join(';\n')));
      native(() => db.exec('BEGIN IMMEDIATE'));
    } catch (error) {
      db.close();
      throw error;
    }
    return new DirectTransaction(db);
  }

  /** Runs one statement and returns its rows as name-keyed objects (the fast read). */
  rows(statement: InStatement): Promise<NamedRow[]> {
    return attempt(() => {
      const { sql, args } = parts(statement);
      return (this.#prepared(sql).all(args) as Record<string, unknown>[]).map(namedRowOf);
    });
  }

  /** Runs statements that return no rows, one after another, each prepared once per transaction. */
  run(statements: readonly InStatement[]): Promise<void> {
    return attempt(() => {
      for (const statement of statements) {
        const { sql, args } = parts(statement);
        this.#prepared(sql).run(args);
      }
    });
  }

  /** Runs one statement and returns a `ResultSet` shaped as the client's (rows by index and by name). */
  execute(statement: InStatement): Promise<ResultSet> {
    return attempt(() => this.#resultSet(statement));
  }

  /** Runs statements one after another inside this transaction; their `ResultSet`s, in order. */
  batch(statements: InStatement[]): Promise<ResultSet[]> {
    return attempt(() => statements.map((statement) => this.#resultSet(statement)));
  }

  /** Commits the transaction. */
  commit(): Promise<void> {
    return attempt(() => {
      this.#db.exec('COMMIT');
      this.#committed = true;
    });
  }

  /** Closes the connection; without a {@link commit}, everything this transaction wrote is rolled back. */
  close(): void {
    if (!this.#db.open) return;
    try {
      if (!this.#committed && this.#db.inTransaction) this.#db.exec('ROLLBACK');
    } finally {
      this.#statements.clear();
      this.#db.close();
    }
  }

  #prepared(sql: string): NativeStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #resultSet(statement: InStatement): ResultSet {
    const { sql, args } = parts(statement);
    const prepared = this.#prepared(sql);
    if (!prepared.reader) {
      const info = prepared.run(args);
      return resultSet([], [], info.changes, BigInt(info.lastInsertRowid));
    }
    const columns = prepared.columns().map((column) => column.name);
    const raw = prepared.raw(true).all(args) as unknown[][];
    prepared.raw(false);
    return resultSet(
      columns,
      raw.map((cells) => rowOf(columns, cells.map(fromNative))),
      0,
      undefined,
    );
  }
}

/**
 * Begins a {@link DirectTransaction} on `client`'s database file; `undefined` when the client is not an open
 * read-write connection to a local file (in memory, on a server, read-only, closed), where callers keep
 * using the client (which reports a closed client as such).
 *
 * @throws {LibsqlError} `SQLITE_BUSY` when another connection held the write lock past the busy timeout.
 * @example
 * const direct = beginDirectWrite(db.$client);
 * if (direct !== undefined) {
 *   try { await direct.run(statements); await direct.commit(); } finally { direct.close(); }
 * }
 */
export function beginDirectWrite(client: Client): DirectTransaction | undefined {
  const target = targets.get(client);
  return target === undefined || client.closed ? undefined : DirectTransaction.begin(target);
}

function parts(statement: InStatement): { sql: string; args: NativeValue[] } {
  if (typeof statement === 'string') return { sql: statement, args: [] };
  const { args } = statement;
  if (args !== undefined && !Array.isArray(args)) {
    throw new TypeError('a direct transaction takes positional arguments only');
  }
  return { sql: statement.sql, args: (args ?? []).map(toNative) };
}

/** The client's conversions of a bound value (booleans to 0/1, dates to ms, ArrayBuffers to Buffers). */
function toNative(value: InValue): NativeValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
  }
  return value;
}

/** The client's conversion of a read value: BLOBs come back as `ArrayBuffer`s. */
function fromNative(value: unknown): Value {
  if (value instanceof Uint8Array) {
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  }
  return value as Value;
}

/** A native row with the client's value conversions (the same object when it holds no BLOB). */
function namedRowOf(row: Record<string, unknown>): NamedRow {
  for (const key in row) {
    if (row[key] instanceof Uint8Array) row[key] = fromNative(row[key]);
  }
  return row as NamedRow;
}

function rowOf(columns: readonly string[], cells: readonly Value[]): Row {
  const row: Record<string | number, Value> = {};
  Object.defineProperty(row, 'length', { value: cells.length });
  cells.forEach((cell, i) => {
    Object.defineProperty(row, i, { value: cell });
    const column = columns[i];
    if (column !== undefined && !Object.hasOwn(row, column)) {
      Object.defineProperty(row, column, {
        value: cell,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
  });
  return row as unknown as Row;
}

function resultSet(
  columns: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns,
    columnTypes: columns.map(() => ''),
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows: rows.map((row) => Array.from(row)), rowsAffected }),
  };
}

/** Runs a native call, turning the driver's errors into the client's `LibsqlError`. */
function native<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      throw new LibsqlError(error.message, baseCode(error.code), error.code, error.rawCode, error);
    }
    throw error;
  }
}

/** {@link native}, as a promise (the client's API is asynchronous; callers await it the same way). */
// eslint-disable-next-line @typescript-eslint/require-await -- async only so that a throw becomes a rejection
async function attempt<T>(call: () => T): Promise<T> {
  return native(call);
}

/** The base code (`SQLITE_CONSTRAINT`) of an extended one (`SQLITE_CONSTRAINT_TRIGGER`), as the client reports it. */
function baseCode(code: string): string {
  return code.split('_').slice(0, 2).join('_');
}
