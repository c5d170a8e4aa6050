import { beginDirectWrite } from '@fleettools/db';
import type { Client, InStatement, ResultSet } from '@libsql/client';

/**
 * What a store write needs of an open write transaction (`BEGIN IMMEDIATE`): the client's interactive
 * transaction, or a direct one (`@fleettools/db`'s `DirectTransaction`).
 */
export interface WriteTransaction {
  execute(statement: InStatement): Promise<ResultSet>;
  batch(statements: InStatement[]): Promise<ResultSet[]>;
  commit(): Promise<void>;
  /** Ends the transaction: without a commit, everything it wrote is rolled back. */
  close(): void;
}

/**
 * Begins a write transaction for the store: on a database file, on the client's direct connection (each
 * statement prepared once); in memory and on a server, the client's own interactive transaction.
 *
 * @throws {LibsqlError} `SQLITE_BUSY` when other writers held the database past the busy timeout.
 */
export async function beginWrite(client: Client): Promise<WriteTransaction> {
  return (await beginDirectWrite(client)) ?? client.transaction('write');
}
