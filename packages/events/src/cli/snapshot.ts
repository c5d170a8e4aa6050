import type { FleetDB } from '@fleettools/db';

import { PROJECTION_TABLES, type ProjectionTable } from '../index.js';

/** Every projection table's rows of one project, each row as canonical JSON text, sorted. */
export type ProjectionRows = Record<ProjectionTable, string[]>;

/** One table where two snapshots differ: the rows only the first has, and the rows only the second has. */
export interface TableDifference {
  readonly table: ProjectionTable;
  readonly onlyInLive: string[];
  readonly onlyInRebuilt: string[];
}

/** Reads every projection table (`PROJECTION_TABLES`) of one project, rows as sorted JSON text. */
export async function readProjections(db: FleetDB, projectKey: string): Promise<ProjectionRows> {
  const entries = await Promise.all(
    PROJECTION_TABLES.map(async (table) => {
      // Table names come from the package's own constant, never from input.
      const result = await db.$client.all({
        sql: `SELECT * FROM ${table} WHERE project_key = ?`,
        args: [projectKey],
      });
      const rows = result.map((row) => JSON.stringify(row));
      return [table, rows.sort()] as const;
    }),
  );
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

/** How many rows a snapshot holds in all. */
export function rowTotal(rows: ProjectionRows): number {
  return PROJECTION_TABLES.reduce((sum, table) => sum + rows[table].length, 0);
}
