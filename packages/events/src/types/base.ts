import { z } from 'zod';

import { CallsignField, EventIdField, ProjectKeyField, TimestampField } from './fields.js';

/**
 * Optional facts about why an event happened: the event that started the chain (`correlation_id`), the
 * event that directly caused this one (`causation_id`) and the pilot acting (`actor`). Strict.
 */
export const EventMetadataSchema = z.strictObject({
  correlation_id: EventIdField.optional(),
  causation_id: EventIdField.optional(),
  actor: CallsignField.optional(),
});

/**
 * The envelope every event shares; each event type extends it with `type` as a literal and its own
 * fields at the top level. Strict: an unknown key is an error. `sequence` and `stream_version` are set
 * by the store on append.
 */
export const BaseEventSchema = z.strictObject({
  id: EventIdField,
  type: z.string(),
  project_key: ProjectKeyField,
  timestamp: TimestampField,
  sequence: z.int().min(1).optional(),
  stream_version: z.int().min(1).optional(),
  metadata: EventMetadataSchema.optional(),
});

/** The metadata of an event, as validated. */
export type EventMetadata = z.output<typeof EventMetadataSchema>;

/** The envelope's fields: everything else an event holds is its type's own data. */
const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'project_key',
  'timestamp',
  'sequence',
  'stream_version',
  'metadata',
]);

/** An event's own fields (everything but the envelope), as a plain record. */
export function ownFields(event: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([key]) => !ENVELOPE_FIELDS.has(key)));
}
