import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import { CallsignField, ShortTextField, TextField, TtlField } from './fields.js';

/**
 * A pilot joins the project; `ttl_ms` is how long it stays live without a heartbeat (consumers default it to
 * `TTL.PILOT`). Schema version 2 added `worktree` (the absolute path of the git working tree the pilot works in)
 * and `branch` (its checked-out branch; absent when detached), so `fleet guard` knows who commits from where.
 */
export const PilotRegisteredEventSchema = BaseEventSchema.extend({
  type: z.literal('pilot_registered'),
  callsign: CallsignField,
  program: ShortTextField.optional(),
  model: ShortTextField.optional(),
  task_description: TextField.optional(),
  ttl_ms: TtlField.optional(),
  worktree: TextField.optional(),
  branch: ShortTextField.optional(),
});

/** Heartbeat: the pilot is alive now. */
export const PilotActiveEventSchema = BaseEventSchema.extend({
  type: z.literal('pilot_active'),
  callsign: CallsignField,
  note: TextField.optional(),
});

/** The pilot leaves; it may register again. */
export const PilotDeregisteredEventSchema = BaseEventSchema.extend({
  type: z.literal('pilot_deregistered'),
  callsign: CallsignField,
  reason: TextField.optional(),
});

/** A validated `pilot_registered` event. */
export type PilotRegisteredEvent = z.output<typeof PilotRegisteredEventSchema>;
/** A validated `pilot_active` event. */
export type PilotActiveEvent = z.output<typeof PilotActiveEventSchema>;
/** A validated `pilot_deregistered` event. */
export type PilotDeregisteredEvent = z.output<typeof PilotDeregisteredEventSchema>;
