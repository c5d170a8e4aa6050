/**
 * The small port every FleetTools read and write of a database travels through: one connection per `FleetDB`,
 * the native `libsql` driver for a local file or `:memory:` ({@link LocalConnection}), `@libsql/client` for a
 * libSQL server ({@link RemoteConnection}). Statements bind one array of positional values; rows come back as
 * plain objects keyed by column name (or arrays of values, in column order).
 */

/** A value a statement binds: TEXT, INTEGER/REAL, NULL or BLOB. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A value a row holds: the same kinds as {@link SqlValue}; BLOBs come back as `Uint8Array`. */
export type SqlCell = string | number | bigint | null | Uint8Array;

/** One statement: its SQL (positional `?` or numbered `?1` parameters) and the values it binds. */
export interface SqlStatement {
  readonly sql: string;
  readonly args?: readonly SqlValue[];
}

/** A row, keyed by column name. */
export type SqlRow = Readonly<Record<string, SqlCell>>;

/** What a statement that returns no rows did. */
export interface SqlRunResult {
  /** Rows inserted, updated or deleted by the statement itself (triggers excluded). */
  readonly changes: number;
}

/** Runs statements: on the connection (each its own implicit transaction), or inside an open transaction. */
export interface SqlRunner {
  /** Every row of a query, as objects keyed by column name. */
  all(statement: SqlStatement): Promise<SqlRow[]>;
  /** Every row of a query, as arrays of values in column order (no property per column to create). */
  values(statement: SqlStatement): Promise<SqlCell[][]>;
  /** The first row of a query (or of an `INSERT … RETURNING` of one row), or `undefined`. */
  get(statement: SqlStatement): Promise<SqlRow | undefined>;
  /** A statement that returns no rows. */
  run(statement: SqlStatement): Promise<SqlRunResult>;
}

/** `write`: `BEGIN IMMEDIATE` (the write lock taken up front); `read`: one consistent snapshot of the file. */
export type TransactionMode = 'write' | 'read';

/**
 * One connection to one database. Its operations run one at a time, in the order they were called (its
 * "turn"): a transaction holds the turn from `BEGIN` to `COMMIT`, so no other caller's statement ever runs
 * inside it, and a plain statement waits for the transaction before it.
 */
export interface SqlConnection extends SqlRunner {
  /** `local`: a file or `:memory:` on the native driver; `remote`: a libSQL server. */
  readonly kind: 'local' | 'remote';
  /** Whether {@link close} was called. */
  readonly closed: boolean;
  /**
   * Runs `work` in one transaction, in turn: committed when it resolves, rolled back when it throws. `work`
   * must run its statements on the runner it is given (the connection's own methods wait for the turn `work`
   * holds).
   */
  transaction<T>(mode: TransactionMode, work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Runs `work` in turn: after every operation called before it, before every one called after it. */
  inTurn<T>(work: () => T | PromiseLike<T>): Promise<T>;
  /** Waits for the operations already called, then closes the connection and releases its files. Idempotent. */
  close(): Promise<void>;
}
