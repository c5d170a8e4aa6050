/**
 * Whole-table snapshots for the store's tests: every projection table (optionally only one project's rows)
 * and the events table, as plain objects ordered by primary key, so two states compare with `toEqual`.
 */
import type { FleetDB, SqlRow } from '@fleettools/db';

import { PROJECTION_TABLES, type ProjectionTable } from '../../src/index.js';

/** One row as a plain object: column name → value. */
export type PlainRow = Record<string, unknown>;

/** Every projection table's rows, each table ordered by its primary key. */
export type ProjectionSnapshot = Record<ProjectionTable, PlainRow[]>;

/** The events table and every projection table, all rows of all projects. */
export interface StoreSnapshot {
  readonly events: PlainRow[];
  readonly projections: ProjectionSnapshot;
}

/** Rows as plain, mutable objects. */
export function plainRows(rows: readonly SqlRow[]): PlainRow[] {
  return rows.map((row) => ({ ...row }));
}

const primaryKeys = new Map<string, readonly string[]>();

/**
 * The primary key columns of a table, in key order, read from SQLite itself (cached). The FTS5 table
 * `message_search` has none: its rows are ordered by every column, which tells them apart as well.
 */
export async function primaryKeyOf(db: FleetDB, table: string): Promise<readonly string[]> {
  const known = primaryKeys.get(table);
  if (known !== undefined) return known;
  const info = plainRows(await db.$client.all({ sql: `PRAGMA table_info(${table})` }));
  const key = info
    .filter((column) => Number(column.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((column) => String(column.name));
  if (key.length === 0 && table === 'message_search') key.push(...info.map((column) => String(column.name)));
  if (key.length === 0) throw new Error(`table ${table} has no primary key`);
  primaryKeys.set(table, key);
  return key;
}

/** One table's rows ordered by primary key: one project's when `projectKey` is given, else all. */
export async function tableRows(db: FleetDB, table: string, projectKey?: string): Promise<PlainRow[]> {
  const orderBy = (await primaryKeyOf(db, table)).join(', ');
  const result =
    projectKey === undefined
      ? await db.$client.all({ sql: `SELECT * FROM ${table} ORDER BY ${orderBy}` })
      : await db.$client.all({
          sql: `SELECT * FROM ${table} WHERE project_key = ? ORDER BY ${orderBy}`,
          args: [projectKey],
        });
  return plainRows(result);
}

/**
 * Every projection table (`PROJECTION_TABLES`) ordered by primary key: one project's rows when
 * `projectKey` is given, else every project's.
 */
export async function projectionSnapshot(db: FleetDB, projectKey?: string): Promise<ProjectionSnapshot> {
  const entries = await Promise.all(
    PROJECTION_TABLES.map(async (table) => [table, await tableRows(db, table, projectKey)] as const),
  );
  return Object.fromEntries(entries) as ProjectionSnapshot;
}

/** The events of every project (ordered by project, then sequence) and every projection table. */
export async function storeSnapshot(db: FleetDB): Promise<StoreSnapshot> {
  const events = plainRows(
    await db.$client.all({ sql: 'SELECT * FROM events ORDER BY project_key, sequence' }),
  );
  return { events, projections: await projectionSnapshot(db) };
}

/** How many rows each projection table holds for the project (tables without rows included, as 0). */
export function rowCounts(snapshot: ProjectionSnapshot): Record<ProjectionTable, number> {
  return Object.fromEntries(PROJECTION_TABLES.map((table) => [table, snapshot[table].length])) as Record<
    ProjectionTable,
    number
  >;
}
