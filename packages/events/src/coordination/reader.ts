import type { SqlRow, SqlRunner, SqlValue } from '@fleettools/db';

/** Reads inside the write transaction a decision is taken in: rows as objects keyed by column name. */
export type Reader = (sql: string, args: SqlValue[]) => Promise<SqlRow[]>;

/** A {@link Reader} over an open transaction. */
export function readerOf(transaction: SqlRunner): Reader {
  return (sql, args) => transaction.all({ sql, args });
}

/** A TEXT value of a row, or `null`. */
export function textOrNull(row: SqlRow | undefined, column: string): string | null {
  const value = row?.[column];
  return typeof value === 'string' ? value : null;
}
