import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import {
  CallsignField,
  FileListField,
  MissionIdField,
  ShortTextField,
  SortieIdField,
  TextField,
} from './fields.js';

/** A unit of work, usually within a mission; `files` are the project paths it is expected to touch. */
export const SortieCreatedEventSchema = BaseEventSchema.extend({
  type: z.literal('sortie_created'),
  sortie_id: SortieIdField,
  title: ShortTextField,
  mission_id: MissionIdField.optional(),
  description: TextField.optional(),
  files: FileListField.optional(),
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
