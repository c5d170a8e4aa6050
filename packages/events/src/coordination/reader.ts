import type { NamedRow } from '@fleettools/db';
import type { InValue } from '@libsql/client';

import type { WriteTransaction } from '../write/write-transaction.js';

/** Reads inside the write transaction a decision is taken in. */
export type Reader = (sql: string, args: InValue[]) => Promise<readonly NamedRow[]>;

/** A {@link Reader} over an open transaction. */
export function readerOf(transaction: WriteTransaction): Reader {
  return async (sql, args) => (await transaction.execute({ sql, args })).rows;
}

/** A TEXT value of a row, or `null`. */
export function textOrNull(row: NamedRow | undefined, column: string): string | null {
  const value = row?.[column];
  return typeof value === 'string' ? value : null;
}
