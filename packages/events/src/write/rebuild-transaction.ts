import { beginDirectWrite, type FleetDB } from '@fleettools/db';
import type { InStatement, Transaction, Value } from '@libsql/client';

import type { WriteTransaction } from './write-transaction.js';

/**
 * The write transaction a rebuild (replay) runs in: a {@link WriteTransaction} (which also serves the snapshot
 * and archive readers) that reads rows as arrays of values and runs many statements in a row.
 */
export interface RebuildTransaction extends WriteTransaction {
  /** One statement's rows, as arrays of values in column order. */
  values(statement: InStatement): Promise<readonly (readonly Value[])[]>;
  /** Statements that return nothing, in order. */
  run(statements: readonly InStatement[]): Promise<void>;
}

/**
 * Begins a rebuild's write transaction (`BEGIN IMMEDIATE`), once the database is ready. On a local file it runs
 * on the client's direct connection, which prepares each distinct statement once (see `DirectTransaction`): a
 * replay runs the same few statements hundreds of thousands of times, and re-preparing them through the client
 * would cost three times the work itself. In memory (a second connection would see another database) and on a
 * server, it is the client's own interactive transaction.
 *
 * @throws the database's open or migration error when it never became ready.
 * @throws {LibsqlError} `SQLITE_BUSY` when other writers held the database past the busy timeout.
 */
export async function beginRebuild(db: FleetDB): Promise<RebuildTransaction> {
  return (await beginDirectWrite(db.$client)) ?? clientRebuild(await db.$client.transaction('write'));
}

function clientRebuild(transaction: Transaction): RebuildTransaction {
  return {
    execute: (statement) => transaction.execute(statement),
    batch: (statements) => transaction.batch(statements),
    values: async (statement) => (await transaction.execute(statement)).rows.map((row) => Array.from(row)),
    run: async (statements) => {
      if (statements.length > 0) await transaction.batch([...statements]);
    },
    commit: () => transaction.commit(),
    close: () => {
      transaction.close();
    },
  };
}
