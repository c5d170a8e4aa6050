import { DatabaseClosedError, TransactionActiveError } from '../errors.js';
import type { NativeSession } from './native-session.js';
import type {
  SqlCell,
  SqlConnection,
  SqlRow,
  SqlRunner,
  SqlRunResult,
  SqlStatement,
  TransactionMode,
} from './port.js';
import { releaseClosedConnections } from './release.js';
import { Turn } from './turn.js';

/**
 * The one connection of a local database (a file or `:memory:`), on the native `libsql` driver: every
 * statement runs synchronously on the calling thread, in turn (see {@link SqlConnection}); the promises only
 * order callers. Drizzle runs on the same connection (`drizzle-client.ts`).
 */
export class LocalConnection implements SqlConnection {
  readonly kind = 'local';
  readonly #session: NativeSession;
  readonly #label: string;
  readonly #checkpointOnClose: boolean;
  readonly #turn = new Turn();
  #closed = false;
  #transactionOpen = false;

  /**
   * A connection over an open, configured, migrated session. `label` names the database in messages;
   * `checkpointOnClose` empties the WAL into the file on close (a writable file).
   */
  constructor(session: NativeSession, label: string, checkpointOnClose: boolean) {
    this.#session = session;
    this.#label = label;
    this.#checkpointOnClose = checkpointOnClose;
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Every row of a query, in turn. */
  all(statement: SqlStatement): Promise<SqlRow[]> {
    return this.#inTurn((session) => session.all(statement));
  }

  /** Every row of a query as arrays of values, in turn. */
  values(statement: SqlStatement): Promise<SqlCell[][]> {
    return this.#inTurn((session) => session.values(statement));
  }

  /** The first row of a query, in turn. */
  get(statement: SqlStatement): Promise<SqlRow | undefined> {
    return this.#inTurn((session) => session.get(statement));
  }

  /** A statement that returns no rows, in turn. */
  run(statement: SqlStatement): Promise<SqlRunResult> {
    return this.#inTurn((session) => session.run(statement));
  }

  /**
   * One transaction, in turn: `BEGIN IMMEDIATE` (write) or `BEGIN` (read: its snapshot starts at the first
   * read), `work`, then `COMMIT`; rolled back when `work` throws. A runner used after its transaction ended
   * throws.
   */
  transaction<T>(mode: TransactionMode, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.#inTurn(async (session) => {
      session.run({ sql: mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN' });
      this.#transactionOpen = true;
      let open = true;
      const inside = (): NativeSession => {
        if (!open) throw new Error('the transaction has ended; run statements inside its work');
        return session;
      };
      const runner: SqlRunner = {
        all: (statement) => settled(() => inside().all(statement)),
        values: (statement) => settled(() => inside().values(statement)),
        get: (statement) => settled(() => inside().get(statement)),
        run: (statement) => settled(() => inside().run(statement)),
      };
      try {
        const result = await work(runner);
        session.run({ sql: 'COMMIT' });
        return result;
      } finally {
        open = false;
        this.#transactionOpen = false;
        session.rollback();
      }
    });
  }

  /** Runs `work` in turn. */
  inTurn<T>(work: () => T | PromiseLike<T>): Promise<T> {
    return this.#inTurn(work);
  }

  /**
   * The session, for Drizzle's synchronous queries: refused while one of the port's transactions is open
   * (the query would run inside it) and once closed.
   *
   * @throws {TransactionActiveError} a transaction of the store holds the connection.
   * @throws {DatabaseClosedError} the connection is closed.
   */
  sessionForQuery(): NativeSession {
    if (this.#transactionOpen) throw new TransactionActiveError(this.#label);
    if (this.#closed || !this.#session.open) throw new DatabaseClosedError(this.#label);
    return this.#session;
  }

  /**
   * Waits for the operations already called, then checkpoints the WAL into the file (`TRUNCATE`: a copy of
   * the file alone holds every committed event), closes the connection, and releases its descriptors.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#turn.drained();
    this.#session.close(this.#checkpointOnClose);
    await releaseClosedConnections();
  }

  /** Runs `work` on the session in turn; refused once {@link close} was called. */
  #inTurn<T>(work: (session: NativeSession) => T | PromiseLike<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new DatabaseClosedError(this.#label));
    return this.#turn.run(() => work(this.#session));
  }
}

/** The result of a synchronous call as a promise: its throw becomes a rejection. */
function settled<T>(call: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(call());
  });
}
