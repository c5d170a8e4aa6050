import { gunzipSync, gzipSync } from 'node:zlib';

import type { InStatement, Row, Value } from '@libsql/client';

import { sha256 } from '../snapshots/codec.js';
import type { Executor } from '../snapshots/store.js';
import type { StoredEventRow } from '../store/event-rows.js';
import { ArchiveVerificationError } from './errors.js';

/** Every column of `events`, in the order archived rows keep them. */
export const ARCHIVE_COLUMNS = [
  'id',
  'project_key',
  'sequence',
  'type',
  'stream_id',
  'stream_version',
  'timestamp',
  'data',
  'metadata',
  'schema_version',
] as const;

/** One archived event row: every column of `events`, in {@link ARCHIVE_COLUMNS} order. */
export type ArchivedRow = readonly Value[];

/** Where a column stands in an {@link ArchivedRow}. */
export function archivedColumnAt(column: (typeof ARCHIVE_COLUMNS)[number]): number {
  return ARCHIVE_COLUMNS.indexOf(column);
}

const SEQUENCE = archivedColumnAt('sequence');

/** The sequence of an archived row. */
export function sequenceOf(row: ArchivedRow): number {
  return Number(row[SEQUENCE]);
}

/** A row read from `events` (all of {@link ARCHIVE_COLUMNS}) as an {@link ArchivedRow}. */
export function archivedRowOf(row: Row): ArchivedRow {
  return ARCHIVE_COLUMNS.map((column) => row[column] ?? null);
}

/** An archived row as the stored row `eventFromRow` reads. */
export function storedRowOf(row: ArchivedRow): StoredEventRow {
  const stored: Record<string, Value> = {};
  ARCHIVE_COLUMNS.forEach((column, i) => {
    stored[column] = row[i] ?? null;
  });
  return stored;
}

/** A segment about to be written: its range, its rows' checksum and compressed payload. */
export interface EncodedSegment {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly count: number;
  readonly checksum: string;
  readonly payload: Uint8Array;
}

/** Compresses and checksums rows (ordered by sequence, at least one). */
export function encodeSegment(rows: readonly ArchivedRow[]): EncodedSegment {
  // The canonical JSON of the rows: what the checksum is computed over.
  const json = JSON.stringify(rows);
  return {
    firstSequence: sequenceOf(rows[0] ?? []),
    lastSequence: sequenceOf(rows.at(-1) ?? []),
    count: rows.length,
    checksum: sha256(json),
    payload: gzipSync(json),
  };
}

/** A stored segment's header, as `archive_segments` holds it. */
export interface SegmentHeader {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly count: number;
  readonly checksum: string;
}

/**
 * A stored segment's rows, after checking its payload against its checksum and count.
 *
 * @throws {ArchiveVerificationError} the payload does not decompress, or fails its checksum or count.
 */
export function decodeSegment(projectKey: string, header: SegmentHeader, payload: Value): ArchivedRow[] {
  let json: string;
  try {
    if (!(payload instanceof ArrayBuffer)) throw new TypeError('not a blob');
    json = gunzipSync(new Uint8Array(payload)).toString('utf8');
  } catch (error) {
    throw new ArchiveVerificationError(
      projectKey,
      header.firstSequence,
      `payload unreadable (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (sha256(json) !== header.checksum) {
    throw new ArchiveVerificationError(projectKey, header.firstSequence, 'checksum mismatch');
  }
  const rows = JSON.parse(json) as ArchivedRow[];
  if (rows.length !== header.count) {
    throw new ArchiveVerificationError(
      projectKey,
      header.firstSequence,
      `holds ${String(rows.length)} events, its header says ${String(header.count)}`,
    );
  }
  return rows;
}

/** The headers of a project's segments holding events after `afterSequence`, by range. */
export async function segmentsAfter(
  executor: Executor,
  projectKey: string,
  afterSequence: number,
): Promise<SegmentHeader[]> {
  const result = await executor.execute({
    sql: `SELECT first_sequence, last_sequence, event_count, checksum FROM archive_segments
          WHERE project_key = ? AND last_sequence > ? ORDER BY first_sequence`,
    args: [projectKey, afterSequence],
  });
  return result.rows.map((row) => ({
    firstSequence: Number(row.first_sequence),
    lastSequence: Number(row.last_sequence),
    count: Number(row.event_count),
    checksum: row.checksum as string,
  }));
}

/** One segment's rows, read and verified. */
export async function readSegment(
  executor: Executor,
  projectKey: string,
  header: SegmentHeader,
): Promise<ArchivedRow[]> {
  const result = await executor.execute({
    sql: 'SELECT payload FROM archive_segments WHERE project_key = ? AND first_sequence = ?',
    args: [projectKey, header.firstSequence],
  });
  return decodeSegment(projectKey, header, result.rows[0]?.payload ?? null);
}

/**
 * The sequence from which every event of the project is live (0 when nothing was ever compacted): below
 * it, events are archived, except the newest event of each stream, which compaction always leaves live.
 */
export function compactedBeforeStatement(projectKey: string): InStatement {
  return {
    sql: 'SELECT COALESCE(MAX(compacted_before), 0) AS before FROM archive_segments WHERE project_key = ?',
    args: [projectKey],
  };
}
