import type { InStatement, ResultSet, Value } from '@libsql/client';

import type { DirectConnection } from './direct-connection.js';

/**
 * An interactive write transaction (`BEGIN IMMEDIATE`) on a client's {@link DirectConnection}: each distinct
 * statement is prepared once for the connection's life. Made for long rebuilds (replay), which run the same
 * few statements hundreds of thousands of times. End it with {@link close}, after {@link commit} or to roll
 * back.
 */
export class DirectTransaction {
  readonly #connection: DirectConnection;
  #done = false;

  /** The transaction the connection has just begun. */
  constructor(connection: DirectConnection) {
    this.#connection = connection;
  }

  /** One statement's rows, as arrays of values in column order (the fast read). */
  values(statement: InStatement): Promise<Value[][]> {
    return this.#connection.values(this, statement);
  }

  /** Statements that return nothing, in order. */
  run(statements: readonly InStatement[]): Promise<void> {
    return this.#connection.run(this, statements);
  }

  /** One statement, with its result shaped as the client's (rows by index and by name). */
  async execute(statement: InStatement): Promise<ResultSet> {
    const [result] = await this.#connection.execute(this, [statement]);
    return result as ResultSet;
  }

  /** Statements in order inside this transaction; their results. */
  batch(statements: InStatement[]): Promise<ResultSet[]> {
    return this.#connection.execute(this, statements);
  }

  /** Commits the transaction. */
  async commit(): Promise<void> {
    await this.#connection.commit(this);
    this.#done = true;
  }

  /** Ends the transaction: without a {@link commit}, everything it wrote is rolled back. Idempotent. */
  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#connection.rollback(this);
  }
}
