import type { InStatement, Value } from '@libsql/client';

import { ownFields, type FleetEvent } from '../types/index.js';
import { defaultUpcasters, type UpcasterRegistry } from '../upcasting/registry.js';

/** The columns every read of events selects, in this order. */
export const EVENT_COLUMNS =
  'id, type, project_key, timestamp, sequence, stream_version, data, metadata, schema_version';

/** The project's newest sequence, as `latest` (0 when it has no events). */
export function latestSequenceStatement(projectKey: string): InStatement {
  return {
    sql: 'SELECT COALESCE(MAX(sequence), 0) AS latest FROM events WHERE project_key = ?',
    args: [projectKey],
  };
}

/** A stored event row as read: a libSQL `Row`, or a plain object with the same columns (archived rows). */
export type StoredEventRow = Readonly<Record<string, Value | undefined>>;

/** The stored text of an event: its type's own fields as JSON, and its metadata as JSON or null. */
export interface EventPayload {
  readonly data: string;
  readonly metadata: string | null;
}

/** Splits a validated event into the JSON the `data` and `metadata` columns hold. */
export function eventPayload(event: FleetEvent): EventPayload {
  return {
    data: JSON.stringify(ownFields(event)),
    metadata: event.metadata === undefined ? null : JSON.stringify(event.metadata),
  };
}

/**
 * A stored row as the flat event it was appended as, with its `sequence` and `stream_version`, at its type's
 * current schema version (rows of an older version go through {@link defaultUpcasters}). Rows are trusted:
 * every one was validated on its way in, and triggers keep them from changing.
 *
 * @throws {EventSchemaVersionError} the row's schema version cannot be read by this release.
 * @throws {EventUpcastError} an upcaster failed on it.
 */
export function eventFromRow(row: StoredEventRow): FleetEvent {
  return eventFromRowWith(row, defaultUpcasters);
}

/** {@link eventFromRow} with the given upcasters (tests, and callers who register their own steps). */
export function eventFromRowWith(row: StoredEventRow, upcasters: UpcasterRegistry): FleetEvent {
  return eventFromValuesWith(
    [
      row.id,
      row.type,
      row.project_key,
      row.timestamp,
      row.sequence,
      row.stream_version,
      row.data,
      row.metadata,
      row.schema_version,
    ],
    upcasters,
  );
}

/**
 * {@link eventFromRowWith} for a row read as values, in {@link EVENT_COLUMNS} order (replay reads its chunks
 * so: no property per column to create).
 */
export function eventFromValuesWith(
  values: readonly (Value | undefined)[],
  upcasters: UpcasterRegistry,
): FleetEvent {
  const type = textOf(values[1]);
  const event: Record<string, unknown> = {
    id: values[0],
    type,
    project_key: values[2],
    timestamp: values[3],
    sequence: values[4],
    stream_version: values[5],
    ...(JSON.parse(textOf(values[6])) as Record<string, unknown>),
  };
  const metadata = values[7];
  if (metadata !== null && metadata !== undefined) event.metadata = JSON.parse(textOf(metadata)) as unknown;
  const version = values[8] === undefined ? 1 : Number(values[8]);
  if (version === upcasters.currentVersion(type)) return event as FleetEvent;
  return upcasters.upcast(event, version);
}

/** A TEXT column's value; the schema makes every column read here TEXT. */
export function textOf(value: Value | undefined): string {
  if (typeof value !== 'string') throw new TypeError(`expected a TEXT column, got ${typeof value}`);
  return value;
}
