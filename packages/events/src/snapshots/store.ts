import { nowIso } from '@fleettools/core';
import type { InStatement, ResultSet } from '@libsql/client';

import { PROJECTION_TABLES, type ProjectionTable } from '../projections/statement.js';
import { latestSequenceStatement } from '../store/event-rows.js';
import {
  PROJECTION_SCHEMA_VERSION,
  parseContent,
  rowCountOf,
  sha256,
  tableOf,
  type SnapshotContent,
} from './codec.js';

/** Anything that runs statements: a client, or an open transaction. */
export interface Executor {
  execute(statement: InStatement): Promise<ResultSet>;
  batch(statements: InStatement[]): Promise<ResultSet[]>;
}

/** How many snapshots of a project are kept; older ones are deleted when a new one is stored. */
export const SNAPSHOTS_KEPT = 3;

/** The statements reading, in one read transaction, a project's newest sequence and every projection row. */
export function captureStatements(projectKey: string): InStatement[] {
  return [
    latestSequenceStatement(projectKey),
    ...PROJECTION_TABLES.map((table) => ({
      sql: `SELECT * FROM ${table} WHERE project_key = ?`,
      args: [projectKey],
    })),
  ];
}

/** The content captured by {@link captureStatements}' results; `undefined` for a project with no events. */
export function contentOf(projectKey: string, results: readonly ResultSet[]): SnapshotContent | undefined {
  const [latest, ...tables] = results;
  const sequence = Number(latest?.rows[0]?.latest ?? 0);
  if (sequence === 0) return undefined;
  const entries = PROJECTION_TABLES.map((table, i) => {
    const result = tables[i];
    if (result === undefined) throw new Error(`snapshot: no rows were read for ${table}`);
    return [table, tableOf(result)] as const;
  });
  return {
    project_key: projectKey,
    sequence,
    tables: Object.fromEntries(entries) as SnapshotContent['tables'],
  };
}

/** A snapshot ready to store: its payload, checksum and size. */
export interface EncodedSnapshot {
  readonly content: SnapshotContent;
  readonly payload: string;
  readonly checksum: string;
  readonly rowCount: number;
}

/** Serialises a snapshot and computes its checksum. */
export function encodeSnapshot(content: SnapshotContent): EncodedSnapshot {
  const payload = JSON.stringify(content);
  return { content, payload, checksum: sha256(payload), rowCount: rowCountOf(content) };
}

/** The statements storing a snapshot (idempotent) and deleting all but the newest {@link SNAPSHOTS_KEPT}. */
export function storeStatements(snapshot: EncodedSnapshot): InStatement[] {
  const { project_key: projectKey, sequence } = snapshot.content;
  return [
    {
      sql: `INSERT OR IGNORE INTO snapshots (project_key, sequence, schema_version, checksum, row_count, payload, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [
        projectKey,
        sequence,
        PROJECTION_SCHEMA_VERSION,
        snapshot.checksum,
        snapshot.rowCount,
        snapshot.payload,
        nowIso(),
      ],
    },
    {
      sql: `DELETE FROM snapshots WHERE project_key = ?1 AND sequence < (
              SELECT sequence FROM snapshots WHERE project_key = ?1 ORDER BY sequence DESC LIMIT 1 OFFSET ?2)`,
      args: [projectKey, SNAPSHOTS_KEPT - 1],
    },
  ];
}

/** The current column names of every projection table, in table order. */
export async function currentColumns(
  executor: Executor,
): Promise<Readonly<Record<ProjectionTable, readonly string[]>>> {
  const results = await executor.batch(
    PROJECTION_TABLES.map((table) => ({ sql: `SELECT * FROM ${table} LIMIT 0`, args: [] })),
  );
  const columns: Partial<Record<ProjectionTable, readonly string[]>> = {};
  PROJECTION_TABLES.forEach((table, i) => {
    columns[table] = results[i]?.columns ?? [];
  });
  return columns as Record<ProjectionTable, readonly string[]>;
}

/**
 * The newest valid snapshot of the project at or below its newest event (a snapshot ahead of the log, left by
 * a log restored from an older copy, is never used): written under the current
 * {@link PROJECTION_SCHEMA_VERSION}, its payload matching its checksum, and its tables shaped as today's.
 * Invalid snapshots are skipped (never deleted here: replay only reads them). `undefined` when none is valid.
 */
export async function latestValidSnapshot(
  executor: Executor,
  projectKey: string,
): Promise<SnapshotContent | undefined> {
  const candidates = await executor.execute({
    sql: `SELECT sequence, schema_version FROM snapshots WHERE project_key = ?1
            AND sequence <= (SELECT COALESCE(MAX(sequence), 0) FROM events WHERE project_key = ?1)
          ORDER BY sequence DESC`,
    args: [projectKey],
  });
  let columns: Awaited<ReturnType<typeof currentColumns>> | undefined;
  for (const candidate of candidates.rows) {
    if (Number(candidate.schema_version) !== PROJECTION_SCHEMA_VERSION) continue;
    const sequence = Number(candidate.sequence);
    const stored = await executor.execute({
      sql: 'SELECT checksum, payload FROM snapshots WHERE project_key = ? AND sequence = ?',
      args: [projectKey, sequence],
    });
    const row = stored.rows[0];
    const payload = row?.payload;
    if (typeof payload !== 'string' || sha256(payload) !== row?.checksum) continue;
    columns ??= await currentColumns(executor);
    const content = parseContent(payload, projectKey, sequence, columns);
    if (content !== undefined) return content;
  }
  return undefined;
}
