import type { SqlRow } from '@fleettools/db';

import { IdempotencyConflictError } from '../errors.js';
import { EVENT_COLUMNS, eventFromRow, eventPayload, textOf } from '../log/event-rows.js';
import { ARCHIVE_COLUMNS, decodeSegment, segmentHeaderOf, type ArchivedRow } from '../log/segment.js';
import type { FleetEvent } from '../types/index.js';
import type { Reader } from './reader.js';

/** Fields the store fills in on append: a retry that lacks them is still the same event. */
const STORE_ASSIGNED_FIELDS = ['fencing_token'];

/**
 * The event ids each archive segment holds, by the segment's checksum: a segment never changes once written,
 * so each is decoded once per process, and a retry is looked up in memory afterwards.
 */
const archivedIds = new Map<string, ReadonlySet<string>>();

/**
 * Recognises a retry by its event ids, wherever the events now live (the live log or the archive), before any
 * rule decides: the events as stored when every one is stored with the same content, `undefined` when none is.
 * A retry is never decided a second time, so it never meets a refusal (nor writes a refusal's record).
 *
 * @throws {IdempotencyConflictError} an id is stored with different content, or only part of the batch is.
 */
export async function storedRetry(
  read: Reader,
  events: readonly FleetEvent[],
): Promise<FleetEvent[] | undefined> {
  const [first] = events;
  if (first === undefined) return undefined;
  const ids = events.map((event) => event.id);
  const rows = new Map<string, SqlRow>();
  const live = await read(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  for (const row of live) rows.set(textOf(row.id), row);
  if (rows.size < ids.length) {
    for (const row of await archivedRows(
      read,
      first.project_key,
      ids.filter((id) => !rows.has(id)),
    )) {
      rows.set(textOf(row.id), row);
    }
  }
  if (rows.size === 0) return undefined;
  const stored: FleetEvent[] = [];
  for (const event of events) {
    const row = rows.get(event.id);
    if (row === undefined)
      throw new IdempotencyConflictError(rows.keys().next().value ?? event.id, 'partial-batch');
    if (!sameContent(event, row)) throw new IdempotencyConflictError(event.id, 'different-content');
    stored.push(eventFromRow(row));
  }
  return stored;
}

/** The archived rows of the project with these ids (none when the project was never compacted). */
async function archivedRows(read: Reader, projectKey: string, ids: readonly string[]): Promise<SqlRow[]> {
  const headers = await read(
    'SELECT first_sequence, last_sequence, event_count, checksum FROM archive_segments WHERE project_key = ?',
    [projectKey],
  );
  const found: SqlRow[] = [];
  for (const row of headers) {
    const header = segmentHeaderOf(row);
    const known = archivedIds.get(header.checksum);
    if (known !== undefined && !ids.some((id) => known.has(id))) continue;
    const [segment] = await read(
      'SELECT payload FROM archive_segments WHERE project_key = ? AND first_sequence = ?',
      [projectKey, header.firstSequence],
    );
    const archived = decodeSegment(projectKey, header, segment?.payload ?? null).map(namedRowOf);
    archivedIds.set(header.checksum, new Set(archived.map((stored) => textOf(stored.id))));
    found.push(...archived.filter((stored) => ids.includes(textOf(stored.id))));
  }
  return found;
}

/** An archived row keyed by column name, as the live log's rows are. */
function namedRowOf(row: ArchivedRow): SqlRow {
  return Object.fromEntries(ARCHIVE_COLUMNS.map((column, at) => [column, row[at] ?? null]));
}

/** True when a stored row holds exactly this event (type, project, time, data and metadata), store-assigned fields aside. */
function sameContent(event: FleetEvent, row: SqlRow): boolean {
  const { data, metadata } = eventPayload(event);
  return (
    row.type === event.type &&
    row.project_key === event.project_key &&
    row.timestamp === event.timestamp &&
    withoutStoreAssigned(textOf(row.data)) === withoutStoreAssigned(data) &&
    row.metadata === metadata
  );
}

function withoutStoreAssigned(data: string): string {
  const fields = JSON.parse(data) as Record<string, unknown>;
  for (const key of STORE_ASSIGNED_FIELDS) Reflect.deleteProperty(fields, key);
  return JSON.stringify(fields);
}
