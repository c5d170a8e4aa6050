import { createRequire } from 'node:module';

import type { InStatement, InValue, ResultSet, Row, Value } from '@libsql/client';
import { LibsqlError } from '@libsql/client';
import Database from 'libsql';

/**
 * What the direct connection shares with @libsql/client: the native `libsql` driver it runs on, and the
 * client's conventions for values, rows and errors, so results and failures look the same on both paths.
 */

/** A native connection of the `libsql` driver. */
export type NativeDatabase = Database.Database;

/** A prepared statement of the `libsql` driver. */
export type NativeStatement = ReturnType<NativeDatabase['prepare']>;

/** What the native driver binds: the client's values, with booleans, dates and buffers converted as it does. */
type NativeValue = string | number | bigint | null | Buffer | Uint8Array;

/** A row as a direct read returns it: column name → value. */
export type NamedRow = Readonly<Record<string, Value>>;

let sharedDriver: boolean | undefined;

/**
 * Whether the `libsql` module this package loads is the very one @libsql/client loads. Two copies of the
 * driver are two copies of SQLite in one process, whose file locks would not see each other (the WAL could be
 * deleted under the client): without one shared copy there is no direct connection. In this repository the
 * lockfile makes them one; an install elsewhere may not.
 */
export function sharesClientDriver(): boolean {
  if (sharedDriver === undefined) {
    try {
      const ours = createRequire(import.meta.url);
      const client = createRequire(ours.resolve('@libsql/client'));
      sharedDriver = ours.resolve('libsql') === client.resolve('libsql');
    } catch {
      sharedDriver = false;
    }
  }
  return sharedDriver;
}

/** Opens a native connection to a file. */
export function openNative(path: string, busyTimeoutMs: number): NativeDatabase {
  return new Database(path, { timeout: busyTimeoutMs });
}

/** A statement's SQL and its positional arguments, converted as the client converts them. */
export function nativeStatement(statement: InStatement): { sql: string; args: NativeValue[] } {
  if (typeof statement === 'string') return { sql: statement, args: [] };
  const { args } = statement;
  if (args !== undefined && !Array.isArray(args)) {
    throw new TypeError('a direct connection takes positional arguments only');
  }
  if (args === undefined) return { sql: statement.sql, args: [] };
  // Most statements bind only strings, numbers and nulls, which need no conversion: no copy for them.
  return { sql: statement.sql, args: args.every(isPlain) ? (args as NativeValue[]) : args.map(toNative) };
}

function isPlain(value: InValue): boolean {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
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
export function namedRowOf(row: Record<string, unknown>): NamedRow {
  for (const key in row) {
    if (row[key] instanceof Uint8Array) row[key] = fromNative(row[key]);
  }
  return row as NamedRow;
}

/** A native row read as an array, with the client's value conversions (the same array when it holds no BLOB). */
export function valuesOf(cells: unknown[]): Value[] {
  for (let i = 0; i < cells.length; i += 1) {
    if (cells[i] instanceof Uint8Array) cells[i] = fromNative(cells[i]);
  }
  return cells as Value[];
}

/** A `ResultSet` shaped as the client's: rows readable by index and by column name. */
export function resultSetOf(
  columns: readonly string[],
  rawRows: unknown[][],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  const rows = rawRows.map((cells) => rowOf(columns, valuesOf(cells)));
  return {
    columns: [...columns],
    columnTypes: columns.map(() => ''),
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows: rows.map((row) => Array.from(row)), rowsAffected }),
  };
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

/** Runs a native call, turning the driver's errors into the client's `LibsqlError`. */
export function native<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      throw new LibsqlError(error.message, baseCode(error.code), error.code, error.rawCode, error);
    }
    throw error;
  }
}

/** The base code (`SQLITE_CONSTRAINT`) of an extended one (`SQLITE_CONSTRAINT_TRIGGER`), as the client has it. */
function baseCode(code: string): string {
  return code.split('_').slice(0, 2).join('_');
}
