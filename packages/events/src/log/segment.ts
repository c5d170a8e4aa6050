import { gunzipSync, gzipSync } from 'node:zlib';

import type { SqlCell, SqlRow } from '@fleettools/db';

import { ArchiveVerificationError } from '../errors.js';
import type { FleetEvent } from '../types/index.js';
import { defaultUpcasters, type UpcasterRegistry } from '../upcasting/registry.js';
import { sha256 } from './checksum.js';
import { eventFromValues } from './event-rows.js';

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
export type ArchivedRow = readonly SqlCell[];

/** Where a column stands in an {@link ArchivedRow}. */
export function archivedColumnAt(column: (typeof ARCHIVE_COLUMNS)[number]): number {
  return ARCHIVE_COLUMNS.indexOf(column);
}

const SEQUENCE = archivedColumnAt('sequence');

/** The sequence of an archived row. */
export function sequenceOf(row: ArchivedRow): number {
  return Number(row[SEQUENCE]);
}

const AS_EVENT_COLUMNS = [
  'id',
  'type',
  'project_key',
  'timestamp',
  'sequence',
  'stream_version',
  'data',
  'metadata',
  'schema_version',
].map((column) => ARCHIVE_COLUMNS.indexOf(column as (typeof ARCHIVE_COLUMNS)[number]));

/** An archived row as the event it holds (see `eventFromValues`). */
export function eventFromArchived(
  row: ArchivedRow,
  upcasters: UpcasterRegistry = defaultUpcasters,
): FleetEvent {
  return eventFromValues(
    AS_EVENT_COLUMNS.map((at) => row[at] ?? null),
    upcasters,
  );
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
export function decodeSegment(projectKey: string, header: SegmentHeader, payload: SqlCell): ArchivedRow[] {
  let json: string;
  try {
    if (!(payload instanceof Uint8Array)) throw new TypeError('not a blob');
    json = gunzipSync(payload).toString('utf8');
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

/** A segment's header as `archive_segments` holds it (see `segmentsAfterStatement`). */
export function segmentHeaderOf(row: SqlRow): SegmentHeader {
  return {
    firstSequence: Number(row['first_sequence']),
    lastSequence: Number(row['last_sequence']),
    count: Number(row['event_count']),
    checksum: String(row['checksum']),
  };
}
