import type { SqlCell, SqlStatement } from '@fleettools/db';

import { PROJECTION_TABLES, type ProjectionTable } from '../projections/statement.js';

/**
 * The version of the projection tables and projectors a snapshot was written under. Bump it whenever a
 * projection table's columns or a projector's behaviour change: snapshots of another version are ignored and
 * replay folds the full log instead, so a snapshot can never carry state the current code would not produce.
 */
export const PROJECTION_SCHEMA_VERSION = 3;

/** One projection table's rows as a snapshot holds them: column names, then each row's values in that order. */
export interface SnapshotTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlCell[])[];
}

/** What a snapshot's payload holds: the project's rows of every projection table as of `sequence`. */
export interface SnapshotContent {
  readonly project_key: string;
  readonly sequence: number;
  readonly tables: Readonly<Record<ProjectionTable, SnapshotTable>>;
}

/** How many rows the snapshot holds over all tables. */
export function rowCountOf(content: SnapshotContent): number {
  return PROJECTION_TABLES.reduce((sum, table) => sum + content.tables[table].rows.length, 0);
}

/**
 * The content of a stored payload, or `undefined` when it is not a well-formed snapshot of this project at
 * this sequence whose tables have exactly the given columns (a table changed shape since it was taken).
 */
export function parseContent(
  payload: string,
  projectKey: string,
  sequence: number,
  currentColumns: Readonly<Record<ProjectionTable, readonly string[]>>,
): SnapshotContent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const content = parsed as Partial<SnapshotContent>;
  if (content.project_key !== projectKey || content.sequence !== sequence) return undefined;
  const tables = content.tables;
  if (typeof tables !== 'object') return undefined;
  for (const table of PROJECTION_TABLES) {
    const stored = (tables as Partial<Record<ProjectionTable, SnapshotTable>>)[table];
    if (stored === undefined || !Array.isArray(stored.rows)) return undefined;
    if (stored.columns.join(',') !== currentColumns[table].join(',')) return undefined;
  }
  return content as SnapshotContent;
}

/** Most values bound by one multi-row INSERT (SQLite's default limit is 32,766). */
const MAX_ARGS_PER_INSERT = 30_000;
/** Most rows of one multi-row INSERT, so statements stay a reasonable size. */
const MAX_ROWS_PER_INSERT = 500;

/** Multi-row INSERTs that put every row of the snapshot back into its table. */
export function restoreStatements(content: SnapshotContent): SqlStatement[] {
  const statements: SqlStatement[] = [];
  for (const table of PROJECTION_TABLES) {
    const { columns, rows } = content.tables[table];
    if (rows.length === 0) continue;
    const perInsert = Math.max(
      1,
      Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_ARGS_PER_INSERT / columns.length)),
    );
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let at = 0; at < rows.length; at += perInsert) {
      const slice = rows.slice(at, at + perInsert);
      statements.push({
        sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`,
        args: slice.flat(),
      });
    }
  }
  return statements;
}
