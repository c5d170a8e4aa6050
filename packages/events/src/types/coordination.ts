import { TTL } from '@fleettools/core';
import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import {
  CallsignField,
  CountField,
  DecisionIdField,
  LockIdField,
  ShortTextField,
  SortieIdField,
  TextField,
  TtlField,
} from './fields.js';

/** A coordinator (`spawned_by`) started a new pilot process (`callsign`) for work. */
export const PilotSpawnedEventSchema = BaseEventSchema.extend({
  type: z.literal('pilot_spawned'),
  callsign: CallsignField,
  spawned_by: CallsignField,
  sortie_id: SortieIdField.optional(),
  program: ShortTextField.optional(),
  model: ShortTextField.optional(),
});

/** A coordinator records a decision and why; `subject_id` names what it is about (any id). */
export const CoordinatorDecisionEventSchema = BaseEventSchema.extend({
  type: z.literal('coordinator_decision'),
  decision_id: DecisionIdField,
  callsign: CallsignField,
  decision: TextField,
  rationale: TextField.optional(),
  subject_id: ShortTextField.optional(),
});

/** A pilot takes the named lock `resource`; `ttl_ms` defaults to `TTL.LOCK`. */
export const LockAcquiredEventSchema = BaseEventSchema.extend({
  type: z.literal('lock_acquired'),
  resource: ShortTextField,
  lock_id: LockIdField,
  callsign: CallsignField,
  ttl_ms: TtlField.default(TTL.LOCK),
  /** Set by the store on append: one more than the resource's previous token. */
  fencing_token: z.int().min(1).optional(),
});

/** The holder releases the lock. */
export const LockReleasedEventSchema = BaseEventSchema.extend({
  type: z.literal('lock_released'),
  resource: ShortTextField,
  lock_id: LockIdField,
  callsign: CallsignField,
  reason: TextField.optional(),
  override_reason: TextField.optional(),
});

/** A durable consumer commits its position (the last sequence it handled; 0 before any). */
export const CursorMovedEventSchema = BaseEventSchema.extend({
  type: z.literal('cursor_moved'),
  consumer: ShortTextField,
  position: CountField,
});

/** A validated `pilot_spawned` event. */
export type PilotSpawnedEvent = z.output<typeof PilotSpawnedEventSchema>;
/** A validated `coordinator_decision` event. */
export type CoordinatorDecisionEvent = z.output<typeof CoordinatorDecisionEventSchema>;
/** A validated `lock_acquired` event. */
export type LockAcquiredEvent = z.output<typeof LockAcquiredEventSchema>;
/** A validated `lock_released` event. */
export type LockReleasedEvent = z.output<typeof LockReleasedEventSchema>;
/** A validated `cursor_moved` event. */
export type CursorMovedEvent = z.output<typeof CursorMovedEventSchema>;
