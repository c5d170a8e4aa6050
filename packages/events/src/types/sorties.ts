import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import {
  CallsignField,
  FileListField,
  MissionIdField,
  PriorityField,
  ReservationIdField,
  ShortTextField,
  SortieDependencyListField,
  SortieIdField,
  TextField,
} from './fields.js';

/**
 * A unit of work, usually within a mission; `files` are the project paths it is expected to touch,
 * `depends_on` the sorties that must be completed before it is ready, `priority` 0 (most urgent) to 4.
 */
export const SortieCreatedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_created'),
  sortie_id: SortieIdField,
  title: ShortTextField,
  mission_id: MissionIdField.optional(),
  description: TextField.optional(),
  files: FileListField.optional(),
  depends_on: SortieDependencyListField.optional(),
  priority: PriorityField.optional(),
});

/** A sortie gains dependencies after its creation: it is ready only once each of them is completed. */
export const SortieDependencyAddedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_dependency_added'),
  sortie_id: SortieIdField,
  depends_on: SortieDependencyListField,
  callsign: CallsignField.optional(),
});

/** A pending sortie is given to a pilot (`callsign`), by `assigned_by` when a pilot decided it. */
export const SortieAssignedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_assigned'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
  assigned_by: CallsignField.optional(),
});

/**
 * A pilot takes a ready sortie and starts it, decided inside the write (two claimers never both get it);
 * `reservation_id` names the reservation of its files taken in the same write, when one was.
 */
export const SortieClaimedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_claimed'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
  reservation_id: ReservationIdField.optional(),
});

/** The sortie's assignee (`callsign`) went stale past its TTL: the sortie is pending and unassigned again. */
export const SortieReclaimedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_reclaimed'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
  reason: TextField,
});

/** A pilot takes the sortie and starts it. */
export const SortieStartedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_started'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
});

/** The assignee reports progress, in whole percent (0–100). */
export const SortieProgressEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_progress'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
  progress: z.int().min(0).max(100),
  note: TextField.optional(),
});

/** The assignee cannot go on. */
export const SortieBlockedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_blocked'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
  reason: TextField,
});

/** A blocked sortie goes on, possibly with another pilot. */
export const SortieResumedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_resumed'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
});

/** The sortie is done. */
export const SortieCompletedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_completed'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
  summary: TextField.optional(),
  override_reason: TextField.optional(),
});

/** The sortie cannot be done. */
export const SortieFailedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_failed'),
  sortie_id: SortieIdField,
  callsign: CallsignField,
  reason: TextField,
  override_reason: TextField.optional(),
});

/** A validated `sortie_created` event. */
export type SortieCreatedEvent = z.output<typeof SortieCreatedEventSchema>;
/** A validated `sortie_started` event. */
export type SortieStartedEvent = z.output<typeof SortieStartedEventSchema>;
/** A validated `sortie_progress` event. */
export type SortieProgressEvent = z.output<typeof SortieProgressEventSchema>;
/** A validated `sortie_blocked` event. */
export type SortieBlockedEvent = z.output<typeof SortieBlockedEventSchema>;
/** A validated `sortie_resumed` event. */
export type SortieResumedEvent = z.output<typeof SortieResumedEventSchema>;
/** A validated `sortie_completed` event. */
export type SortieCompletedEvent = z.output<typeof SortieCompletedEventSchema>;
/** A validated `sortie_failed` event. */
export type SortieFailedEvent = z.output<typeof SortieFailedEventSchema>;
/** A validated `sortie_dependency_added` event. */
export type SortieDependencyAddedEvent = z.output<typeof SortieDependencyAddedEventSchema>;
/** A validated `sortie_assigned` event. */
export type SortieAssignedEvent = z.output<typeof SortieAssignedEventSchema>;
/** A validated `sortie_claimed` event. */
export type SortieClaimedEvent = z.output<typeof SortieClaimedEventSchema>;
/** A validated `sortie_reclaimed` event. */
export type SortieReclaimedEvent = z.output<typeof SortieReclaimedEventSchema>;
