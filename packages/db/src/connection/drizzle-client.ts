import { bindable } from './bind.js';
import type { LocalConnection } from './local-connection.js';
import type { NativeRunResult, NativeSession } from './native-session.js';
import type { SqlCell, SqlRow } from './port.js';

/**
 * What Drizzle's `BetterSQLiteSession` needs of a better-sqlite3 `Database` (`prepare`, `transaction`), on a
 * {@link LocalConnection}'s one native connection. Its statements take Drizzle's parameters as ONE array (see
 * `bind.ts`), reuse the connection's prepared statements, and read many rows through one `get()` (see
 * `row-aggregate.ts`). Every query is refused while a transaction of the store holds the connection.
 */
export class DrizzleClient {
  readonly #connection: LocalConnection;

  /** The client of `connection`. */
  constructor(connection: LocalConnection) {
    this.#connection = connection;
  }

  /** A statement for Drizzle (cheap: the native one is prepared once per connection). */
  prepare(sql: string): DrizzleStatement {
    return new DrizzleStatement(() => this.#connection.sessionForQuery(), sql, false);
  }

  /**
   * `fn` wrapped in a transaction, as better-sqlite3's `db.transaction(fn)`: call it, or its `deferred`,
   * `immediate` or `exclusive` form. Synchronous: `fn` must not await.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): DrizzleTransaction<A, R> {
    const inMode =
      (mode: string) =>
      (...args: A): R => {
        const session = this.#connection.sessionForQuery();
        session.exec(`BEGIN ${mode}`);
        try {
          const result = fn(...args);
          session.exec('COMMIT');
          return result;
        } finally {
          session.rollback();
        }
      };
    return Object.assign(inMode('DEFERRED'), {
      deferred: inMode('DEFERRED'),
      immediate: inMode('IMMEDIATE'),
      exclusive: inMode('EXCLUSIVE'),
    });
  }
}

/** A function run in a transaction, with its forms for each `BEGIN` mode. */
export type DrizzleTransaction<A extends unknown[], R> = ((...args: A) => R) & {
  readonly deferred: (...args: A) => R;
  readonly immediate: (...args: A) => R;
  readonly exclusive: (...args: A) => R;
};

/** The statement API Drizzle calls: `run`, `all`, `get` and `raw()` (rows as arrays). */
export class DrizzleStatement {
  readonly #session: () => NativeSession;
  readonly #sql: string;
  readonly #raw: boolean;

  constructor(session: () => NativeSession, sql: string, raw: boolean) {
    this.#session = session;
    this.#sql = sql;
    this.#raw = raw;
  }

  /** The same statement, reading rows as arrays of values. */
  raw(): DrizzleStatement {
    return new DrizzleStatement(this.#session, this.#sql, true);
  }

  /** Runs the statement. */
  run(...params: unknown[]): NativeRunResult {
    return this.#session().run({ sql: this.#sql, args: bindable(params) });
  }

  /** Every row. */
  all(...params: unknown[]): SqlRow[] | SqlCell[][] {
    const statement = { sql: this.#sql, args: bindable(params) };
    return this.#raw ? this.#session().values(statement) : this.#session().all(statement);
  }

  /** The first row, or `undefined`. */
  get(...params: unknown[]): SqlRow | SqlCell[] | undefined {
    const statement = { sql: this.#sql, args: bindable(params) };
    return this.#raw ? this.#session().getValues(statement) : this.#session().get(statement);
  }
}
