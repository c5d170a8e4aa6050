import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import { CallsignField, MissionIdField, ShortTextField, TextField } from './fields.js';

/** A large piece of work is defined. */
export const MissionCreatedEventSchema = BaseEventSchema.extend({
  type: z.literal('mission_created'),
  mission_id: MissionIdField,
  title: ShortTextField,
  description: TextField.optional(),
  created_by: CallsignField.optional(),
});

/** Work on the mission begins. */
export const MissionStartedEventSchema = BaseEventSchema.extend({
  type: z.literal('mission_started'),
  mission_id: MissionIdField,
  callsign: CallsignField.optional(),
});

/** The mission is done. */
export const MissionCompletedEventSchema = BaseEventSchema.extend({
  type: z.literal('mission_completed'),
  mission_id: MissionIdField,
  summary: TextField.optional(),
});

/** The mission is abandoned. */
export const MissionCancelledEventSchema = BaseEventSchema.extend({
  type: z.literal('mission_cancelled'),
  mission_id: MissionIdField,
  reason: TextField,
});

/** A validated `mission_created` event. */
export type MissionCreatedEvent = z.output<typeof MissionCreatedEventSchema>;
/** A validated `mission_started` event. */
export type MissionStartedEvent = z.output<typeof MissionStartedEventSchema>;
/** A validated `mission_completed` event. */
export type MissionCompletedEvent = z.output<typeof MissionCompletedEventSchema>;
/** A validated `mission_cancelled` event. */
export type MissionCancelledEvent = z.output<typeof MissionCancelledEventSchema>;
