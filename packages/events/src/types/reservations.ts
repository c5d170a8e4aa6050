import { RESERVATION_MODE, TTL } from '@fleettools/core';
import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import {
  CallsignField,
  MAX_SHORT_LIST,
  PathListField,
  ProjectPathField,
  ReservationIdField,
  ReservationModeField,
  TextField,
  TimestampField,
  TtlField,
} from './fields.js';

/**
 * A pilot reserves 1–100 paths or globs; `mode` defaults to `exclusive`, `ttl_ms` to `TTL.RESERVATION`.
 * `on_conflict` says what the store does when another pilot holds an overlapping reservation: `deny` (the
 * default: nothing is reserved, a `file_conflict` records the refusal) or `warn` (granted, and recorded as
 * conflicting).
 */
export const FileReservedEventSchema = BaseEventSchema.extend({
  type: z.literal('file_reserved'),
  reservation_id: ReservationIdField,
  callsign: CallsignField,
  paths: PathListField,
  mode: ReservationModeField.default(RESERVATION_MODE.EXCLUSIVE),
  ttl_ms: TtlField.default(TTL.RESERVATION),
  on_conflict: z.enum(['deny', 'warn']).default('deny'),
  reason: TextField.optional(),
});

/** The holder extends its reservation by `ttl_ms` from now. */
export const FileRenewedEventSchema = BaseEventSchema.extend({
  type: z.literal('file_renewed'),
  reservation_id: ReservationIdField,
  callsign: CallsignField,
  ttl_ms: TtlField,
});

/**
 * The holder gives the files back. Anyone else may release them only with an `override_reason` (a
 * coordinator's force release), which the log keeps.
 */
export const FileReleasedEventSchema = BaseEventSchema.extend({
  type: z.literal('file_released'),
  reservation_id: ReservationIdField,
  callsign: CallsignField,
  reason: TextField.optional(),
  override_reason: TextField.optional(),
});

/** One active reservation of another pilot that a new reservation met. */
export const FileConflictSchema = z.strictObject({
  reservation_id: ReservationIdField,
  callsign: CallsignField,
  path: ProjectPathField,
  expires_at: TimestampField,
});

/** A reservation met active reservations of other pilots; it was `denied` or granted with a warning (`warned`). */
export const FileConflictEventSchema = BaseEventSchema.extend({
  type: z.literal('file_conflict'),
  reservation_id: ReservationIdField,
  callsign: CallsignField,
  paths: PathListField,
  conflicts: z.array(FileConflictSchema).min(1).max(MAX_SHORT_LIST),
  resolution: z.enum(['denied', 'warned']),
});

/** A validated `file_reserved` event. */
export type FileReservedEvent = z.output<typeof FileReservedEventSchema>;
/** A validated `file_renewed` event. */
export type FileRenewedEvent = z.output<typeof FileRenewedEventSchema>;
/** A validated `file_released` event. */
export type FileReleasedEvent = z.output<typeof FileReleasedEventSchema>;
/** A validated `file_conflict` event. */
export type FileConflictEvent = z.output<typeof FileConflictEventSchema>;
/** One entry of `file_conflict.conflicts`. */
export type FileConflict = z.output<typeof FileConflictSchema>;
