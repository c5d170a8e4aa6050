import type { FleetDB } from '@fleettools/db';
import { PROJECTION_TABLES, type ProjectionTable } from '@fleettools/events';
import { sql } from 'drizzle-orm';

/** Every projection table's rows of one project, each row as canonical JSON text, sorted. */
export type ProjectionRows = Record<ProjectionTable, string[]>;

/** One table where two readings differ: the rows only the first has, and the rows only the second has. */
export interface TableDifference {
  readonly table: ProjectionTable;
  readonly onlyInLive: string[];
  readonly onlyInRebuilt: string[];
}

/** Reads every projection table (`PROJECTION_TABLES`) of one project, rows as sorted JSON text. */
export function readProjections(db: FleetDB, projectKey: string): ProjectionRows {
  const entries: [ProjectionTable, string[]][] = [];
  for (const table of PROJECTION_TABLES) {
    // Table names come from the events package's own constant, never from input.
    const rows = db.all<Record<string, unknown>>(
      sql`SELECT * FROM ${sql.identifier(table)} WHERE project_key = ${projectKey}`,
    );
    entries.push([table, rows.map((row) => JSON.stringify(row)).sort()]);
  }
  return Object.fromEntries(entries) as ProjectionRows;
}

/** The tables whose rows differ between the live projections and the rebuilt ones (empty when equal). */
export function compareProjections(live: ProjectionRows, rebuilt: ProjectionRows): TableDifference[] {
  return PROJECTION_TABLES.flatMap((table) => {
    const liveRows = new Set(live[table]);
    const rebuiltRows = new Set(rebuilt[table]);
    const onlyInLive = live[table].filter((row) => !rebuiltRows.has(row));
    const onlyInRebuilt = rebuilt[table].filter((row) => !liveRows.has(row));
    return onlyInLive.length === 0 && onlyInRebuilt.length === 0
      ? []
      : [{ table, onlyInLive, onlyInRebuilt }];
  });
}

/** How many rows a reading holds in all. */
export function rowTotal(rows: ProjectionRows): number {
  return PROJECTION_TABLES.reduce((sum, table) => sum + rows[table].length, 0);
}
