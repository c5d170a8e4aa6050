import type { SqlCell, SqlValue } from './port.js';

/**
 * The values a statement binds, as the native driver must get them: ONE array (libsql 0.5.29 takes a lone
 * object argument as named parameters: `stmt.get(null)` throws, and `stmt.run(buffer)` aborts the process),
 * BLOBs as `Buffer`s. Drizzle's own conversions arrive here too: booleans become 0/1, dates milliseconds.
 *
 * @throws {TypeError} a value SQLite cannot store (an object, a symbol, a function, `undefined`).
 */
export function bindable(args: readonly unknown[]): SqlValue[] {
  // Most statements bind only strings, numbers and nulls: no copy for them.
  return args.every(isPlain) ? (args as SqlValue[]) : args.map(toBindable);
}

function isPlain(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number';
}

function toBindable(value: unknown): SqlValue {
  if (isPlain(value) || typeof value === 'bigint') return value as SqlValue;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  throw new TypeError(`cannot bind a ${typeof value} to an SQL parameter`);
}

/** A row read as an array, as an object keyed by `columns` (the first of two equal names wins). */
export function rowOf(columns: readonly string[], cells: readonly SqlCell[]): Record<string, SqlCell> {
  const row: Record<string, SqlCell> = {};
  for (let i = 0; i < cells.length; i += 1) {
    const name = columns[i] ?? String(i);
    if (row[name] === undefined) row[name] = cells[i] ?? null;
  }
  return row;
}
