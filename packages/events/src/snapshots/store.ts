import { nowIso } from '@fleettools/core';
import type { SqlRunner, SqlStatement } from '@fleettools/db';

import { SnapshotNotStoredError } from '../errors.js';
import { sha256 } from '../log/checksum.js';
import { latestSequenceStatement } from '../log/statements.js';
import { PROJECTION_TABLES, type ProjectionTable } from '../projections/statement.js';
import { PROJECTION_SCHEMA_VERSION, parseContent, rowCountOf, type SnapshotContent } from './codec.js';

/** How many snapshots of a project are kept; older ones are deleted when a new one is stored. */
export const SNAPSHOTS_KEPT = 3;

/**
 * A project's newest sequence and every projection row, read through `tx` (one read transaction: WAL gives it
 * a consistent view, so rows and sequence agree); `undefined` for a project with no events.
 */
export async function captureContent(
  tx: SqlRunner,
  projectKey: string,
): Promise<SnapshotContent | undefined> {
  const sequence = Number((await tx.get(latestSequenceStatement(projectKey)))?.['latest'] ?? 0);
  if (sequence === 0) return undefined;
  const columns = await currentColumns(tx);
  const entries: (readonly [ProjectionTable, SnapshotContent['tables'][ProjectionTable]])[] = [];
  for (const table of PROJECTION_TABLES) {
    const rows = await tx.values({
      sql: `SELECT ${columns[table].join(', ')} FROM ${table} WHERE project_key = ?`,
      args: [projectKey],
    });
    entries.push([table, { columns: columns[table], rows }]);
  }
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

/**
 * The largest payload stored, in bytes: SQLite's default `SQLITE_MAX_LENGTH` (1,000,000,000) for one value.
 * A larger string is not an error to every driver (one turned it into NULL), so it is refused before writing.
 */
export const MAX_SNAPSHOT_BYTES = 1_000_000_000;

/**
 * Refuses a snapshot whose payload is larger than one SQLite value may be.
 *
 * @throws {SnapshotNotStoredError} `reason: 'too_large'`.
 */
export function assertStorable(projectKey: string, sequence: number, bytes: number): void {
  if (bytes > MAX_SNAPSHOT_BYTES) throw new SnapshotNotStoredError(projectKey, sequence, bytes, 'too_large');
}

/**
 * Checks, inside the write transaction that stored it, that the snapshot's row is there whole: its checksum and
 * its payload's length in bytes. A row at the same sequence with another checksum is another writer's snapshot
 * of the same state (stored first; this one was a no-op) and counts as stored.
 *
 * @throws {SnapshotNotStoredError} `reason: 'not_stored'`: no row, or ours cut short.
 */
export async function assertStored(tx: SqlRunner, snapshot: EncodedSnapshot, bytes: number): Promise<void> {
  const { project_key: projectKey, sequence } = snapshot.content;
  const row = await tx.get({
    sql: `SELECT checksum, length(CAST(payload AS BLOB)) AS bytes FROM snapshots
          WHERE project_key = ? AND sequence = ?`,
    args: [projectKey, sequence],
  });
  const whole =
    row !== undefined && (row['checksum'] !== snapshot.checksum || Number(row['bytes']) === bytes);
  if (!whole) throw new SnapshotNotStoredError(projectKey, sequence, bytes, 'not_stored');
}

/**
 * The statement storing a snapshot: a no-op when a snapshot at its sequence exists; any other failure, a NULL
 * payload included, fails the statement.
 */
export function storeSnapshotStatement(snapshot: EncodedSnapshot): SqlStatement {
  const { project_key: projectKey, sequence } = snapshot.content;
  return {
    sql: `INSERT INTO snapshots (project_key, sequence, schema_version, checksum, row_count, payload, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_key, sequence) DO NOTHING`,
    args: [
      projectKey,
      sequence,
      PROJECTION_SCHEMA_VERSION,
      snapshot.checksum,
      snapshot.rowCount,
      snapshot.payload,
      nowIso(),
    ],
  };
}

/** The statement deleting all but the newest {@link SNAPSHOTS_KEPT} snapshots of a project. */
export function pruneSnapshotsStatement(projectKey: string): SqlStatement {
  return {
    sql: `DELETE FROM snapshots WHERE project_key = ?1 AND sequence < (
            SELECT sequence FROM snapshots WHERE project_key = ?1 ORDER BY sequence DESC LIMIT 1 OFFSET ?2)`,
    args: [projectKey, SNAPSHOTS_KEPT - 1],
  };
}

/** The current column names of every projection table, in table order. */
export async function currentColumns(
  tx: SqlRunner,
): Promise<Readonly<Record<ProjectionTable, readonly string[]>>> {
  const columns: Partial<Record<ProjectionTable, readonly string[]>> = {};
  for (const table of PROJECTION_TABLES) {
    // Table names come from the package's own constant, never from input.
    const info = await tx.all({ sql: 'SELECT name FROM pragma_table_info(?) ORDER BY cid', args: [table] });
    columns[table] = info.map((row) => String(row['name']));
  }
  return columns as Record<ProjectionTable, readonly string[]>;
}

/**
 * The newest valid snapshot of the project at or below its newest event (a snapshot ahead of the log, left by
 * a log restored from an older copy, is never used): written under the current
 * {@link PROJECTION_SCHEMA_VERSION}, its payload matching its checksum, and its tables shaped as today's.
 * Invalid snapshots are skipped (never deleted here: replay only reads them). `undefined` when none is valid.
 */
export async function latestValidSnapshot(
  tx: SqlRunner,
  projectKey: string,
): Promise<SnapshotContent | undefined> {
  const candidates = await tx.all({
    sql: `SELECT sequence, schema_version FROM snapshots WHERE project_key = ?1
            AND sequence <= (SELECT COALESCE(MAX(sequence), 0) FROM events WHERE project_key = ?1)
          ORDER BY sequence DESC`,
    args: [projectKey],
  });
  let columns: Awaited<ReturnType<typeof currentColumns>> | undefined;
  for (const candidate of candidates) {
    if (Number(candidate['schema_version']) !== PROJECTION_SCHEMA_VERSION) continue;
    const sequence = Number(candidate['sequence']);
    const row = await tx.get({
      sql: 'SELECT checksum, payload FROM snapshots WHERE project_key = ? AND sequence = ?',
      args: [projectKey, sequence],
    });
    const payload = row?.['payload'];
    if (typeof payload !== 'string' || sha256(payload) !== row?.['checksum']) continue;
    columns ??= await currentColumns(tx);
    const content = parseContent(payload, projectKey, sequence, columns);
    if (content !== undefined) return content;
  }
  return undefined;
}
