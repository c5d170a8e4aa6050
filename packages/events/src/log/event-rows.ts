import type { SqlCell, SqlRow } from '@fleettools/db';

import { ownFields, type FleetEvent } from '../types/index.js';
import { defaultUpcasters, type UpcasterRegistry } from '../upcasting/registry.js';

/** The columns every read of events selects, in this order. */
export const EVENT_COLUMNS =
  'id, type, project_key, timestamp, sequence, stream_version, data, metadata, schema_version';

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
 * A stored row (every column of {@link EVENT_COLUMNS}, by name) as the flat event it was appended as, with its
 * `sequence` and `stream_version`, at its type's current schema version (rows of an older version go through
 * {@link defaultUpcasters}). Rows are trusted: every one was validated on its way in, and triggers keep them
 * from changing.
 *
 * @throws {EventSchemaVersionError} the row's schema version cannot be read by this release.
 * @throws {EventUpcastError} an upcaster failed on it.
 */
export function eventFromRow(row: SqlRow, upcasters: UpcasterRegistry = defaultUpcasters): FleetEvent {
  return eventFromValues(
    [
      row['id'] ?? null,
      row['type'] ?? null,
      row['project_key'] ?? null,
      row['timestamp'] ?? null,
      row['sequence'] ?? null,
      row['stream_version'] ?? null,
      row['data'] ?? null,
      row['metadata'] ?? null,
      row['schema_version'] ?? null,
    ],
    upcasters,
  );
}

/** {@link eventFromRow} for a row read as values, in {@link EVENT_COLUMNS} order (no property per column). */
export function eventFromValues(
  values: readonly SqlCell[],
  upcasters: UpcasterRegistry = defaultUpcasters,
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
  if (metadata !== null && metadata !== undefined)
    event['metadata'] = JSON.parse(textOf(metadata)) as unknown;
  const version = values[8] === undefined || values[8] === null ? 1 : Number(values[8]);
  if (version === upcasters.currentVersion(type)) return event as FleetEvent;
  return upcasters.upcast(event, version);
}

/** A TEXT column's value; the schema makes every column read here TEXT. */
export function textOf(value: SqlCell | undefined): string {
  if (typeof value !== 'string') throw new TypeError(`expected a TEXT column, got ${typeof value}`);
  return value;
}
