import type { SqlConnection } from '@fleettools/db';
import type { Client } from '@libsql/client';
import type { Database } from 'bun:sqlite';

import { PROJECT } from './events.js';
import type { Check } from './scenario.js';

/** Count, lowest and highest sequence and distinct sequences of the project's events. */
export interface SequenceStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly distinct: number;
}

/** The SQL behind {@link SequenceStats}. */
export const SEQUENCE_STATS_SQL = `SELECT COUNT(*) AS count, COALESCE(MIN(sequence), 0) AS min,
  COALESCE(MAX(sequence), 0) AS max, COUNT(DISTINCT sequence) AS distinct_count FROM events WHERE project_key = ?`;

/** Nothing lost, nothing doubled: `expected` events, sequences exactly 1…expected. */
export function gapFreeCheck(name: string, stats: SequenceStats, expected: number): Check {
  const ok =
    stats.count === expected &&
    stats.min === Math.min(1, expected) &&
    stats.max === expected &&
    stats.distinct === expected;
  return {
    name,
    ok,
    detail: `expected ${String(expected)} events with sequences 1..${String(expected)}; found ${String(stats.count)} (min ${String(stats.min)}, max ${String(stats.max)}, distinct ${String(stats.distinct)})`,
  };
}

function toStats(row: Record<string, unknown> | undefined): SequenceStats {
  return {
    count: Number(row?.['count'] ?? -1),
    min: Number(row?.['min'] ?? -1),
    max: Number(row?.['max'] ?? -1),
    distinct: Number(row?.['distinct_count'] ?? -1),
  };
}

/** {@link SequenceStats} through a libSQL client. */
export async function libsqlSequenceStats(
  client: Client,
  projectKey: string = PROJECT,
): Promise<SequenceStats> {
  const result = await client.execute({ sql: SEQUENCE_STATS_SQL, args: [projectKey] });
  return toStats(result.rows[0]);
}

/** {@link SequenceStats} through a FleetTools database's connection. */
export async function fleetSequenceStats(
  connection: SqlConnection,
  projectKey: string = PROJECT,
): Promise<SequenceStats> {
  return toStats(await connection.get({ sql: SEQUENCE_STATS_SQL, args: [projectKey] }));
}

/** {@link SequenceStats} through `bun:sqlite`. */
export function sqliteSequenceStats(db: Database, projectKey: string = PROJECT): SequenceStats {
  return toStats(
    db.query<Record<string, unknown>, [string]>(SEQUENCE_STATS_SQL).get(projectKey) ?? undefined,
  );
}

/** A check that a read returned what it should. */
export function rowsCheck(name: string, actual: number, expected: number): Check {
  return {
    name,
    ok: actual === expected,
    detail: `expected ${String(expected)} rows, read ${String(actual)}`,
  };
}
