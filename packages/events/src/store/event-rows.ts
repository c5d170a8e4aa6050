import type { Row, Value } from '@libsql/client';

import type { FleetEvent } from '../types/index.js';

/** The columns every read of events selects, in this order. */
export const EVENT_COLUMNS = 'id, type, project_key, timestamp, sequence, stream_version, data, metadata';

/** The envelope's keys: everything else an event holds is its type's own data. */
const ENVELOPE_KEYS = new Set([
  'id',
  'type',
  'project_key',
  'timestamp',
  'sequence',
  'stream_version',
  'metadata',
]);

/** The stored text of an event: its type's own fields as JSON, and its metadata as JSON or null. */
export interface EventPayload {
  readonly data: string;
  readonly metadata: string | null;
}

/** Splits a validated event into the JSON the `data` and `metadata` columns hold. */
export function eventPayload(event: FleetEvent): EventPayload {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!ENVELOPE_KEYS.has(key)) data[key] = value;
  }
  return {
    data: JSON.stringify(data),
    metadata: event.metadata === undefined ? null : JSON.stringify(event.metadata),
  };
}

/**
 * A stored row as the flat event it was appended as, with its `sequence` and `stream_version`. Rows are
 * trusted: every one was validated on its way in, and triggers keep them from changing.
 */
export function eventFromRow(row: Row): FleetEvent {
  const event: Record<string, unknown> = {
    id: row.id,
    type: row.type,
    project_key: row.project_key,
    timestamp: row.timestamp,
    sequence: row.sequence,
    stream_version: row.stream_version,
    ...(JSON.parse(textOf(row.data)) as Record<string, unknown>),
  };
  if (row.metadata !== null) event.metadata = JSON.parse(textOf(row.metadata)) as unknown;
  return event as FleetEvent;
}

/** A TEXT column's value; the schema makes every column read here TEXT. */
export function textOf(value: Value | undefined): string {
  if (typeof value !== 'string') throw new TypeError(`expected a TEXT column, got ${typeof value}`);
  return value;
}
