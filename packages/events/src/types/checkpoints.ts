import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import {
  CallsignField,
  CheckpointIdField,
  CountField,
  FileListField,
  MAX_LONG_LIST,
  MissionIdField,
  SortieIdField,
  TextField,
} from './fields.js';
import { JsonObjectField } from './json.js';

/** A pilot saves what it needs to survive a context loss; `state` is a JSON object of at most 256 KiB. */
export const CheckpointCreatedEventSchema = BaseEventSchema.extend({
  type: z.literal('checkpoint_created'),
  checkpoint_id: CheckpointIdField,
  callsign: CallsignField,
  summary: TextField,
  sortie_id: SortieIdField.optional(),
  mission_id: MissionIdField.optional(),
  state: JsonObjectField,
  files_modified: FileListField.optional(),
});

/** A pilot resumed from the checkpoint. */
export const CheckpointRestoredEventSchema = BaseEventSchema.extend({
  type: z.literal('checkpoint_restored'),
  checkpoint_id: CheckpointIdField,
  callsign: CallsignField,
});

/** A pilot's context window was compacted. */
export const ContextCompactedEventSchema = BaseEventSchema.extend({
  type: z.literal('context_compacted'),
  callsign: CallsignField,
  checkpoint_id: CheckpointIdField.optional(),
  tokens_before: CountField.optional(),
  tokens_after: CountField.optional(),
  summary: TextField.optional(),
});

/** Another pilot (`recovered_by`) took over the work of a lost pilot (`callsign`). */
export const FleetRecoveredEventSchema = BaseEventSchema.extend({
  type: z.literal('fleet_recovered'),
  callsign: CallsignField,
  recovered_by: CallsignField,
  checkpoint_id: CheckpointIdField.optional(),
  sortie_ids: z.array(SortieIdField).max(MAX_LONG_LIST).optional(),
});

/** A validated `checkpoint_created` event. */
export type CheckpointCreatedEvent = z.output<typeof CheckpointCreatedEventSchema>;
/** A validated `checkpoint_restored` event. */
export type CheckpointRestoredEvent = z.output<typeof CheckpointRestoredEventSchema>;
/** A validated `context_compacted` event. */
export type ContextCompactedEvent = z.output<typeof ContextCompactedEventSchema>;
/** A validated `fleet_recovered` event. */
export type FleetRecoveredEvent = z.output<typeof FleetRecoveredEventSchema>;
