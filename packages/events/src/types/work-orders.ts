import { z } from 'zod';

import { BaseEventSchema } from './base.js';
import {
  CallsignField,
  ShortTextField,
  SortieIdField,
  TextField,
  WorkOrderDependencyListField,
  WorkOrderIdField,
} from './fields.js';

/** A low-level task within a sortie; it starts only once the work orders of `depends_on` are completed. */
export const WorkOrderCreatedEventSchema = BaseEventSchema.extend({
  type: z.literal('work_order_created'),
  work_order_id: WorkOrderIdField,
  sortie_id: SortieIdField,
  title: ShortTextField,
  description: TextField.optional(),
  depends_on: WorkOrderDependencyListField.optional(),
});

/** A work order gains dependencies after its creation: it starts only once each of them is completed. */
export const WorkOrderDependencyAddedEventSchema = BaseEventSchema.extend({
  type: z.literal('work_order_dependency_added'),
  work_order_id: WorkOrderIdField,
  depends_on: WorkOrderDependencyListField,
  callsign: CallsignField.optional(),
});

/** A pilot starts the task. */
export const WorkOrderStartedEventSchema = BaseEventSchema.extend({
  type: z.literal('work_order_started'),
  work_order_id: WorkOrderIdField,
  callsign: CallsignField,
});

/** The task is done. */
export const WorkOrderCompletedEventSchema = BaseEventSchema.extend({
  type: z.literal('work_order_completed'),
  work_order_id: WorkOrderIdField,
  callsign: CallsignField,
  result: TextField.optional(),
});

/** The task cannot be done. */
export const WorkOrderFailedEventSchema = BaseEventSchema.extend({
  type: z.literal('work_order_failed'),
  work_order_id: WorkOrderIdField,
  callsign: CallsignField,
  reason: TextField,
});

/** A validated `work_order_created` event. */
export type WorkOrderCreatedEvent = z.output<typeof WorkOrderCreatedEventSchema>;
/** A validated `work_order_started` event. */
export type WorkOrderStartedEvent = z.output<typeof WorkOrderStartedEventSchema>;
/** A validated `work_order_completed` event. */
export type WorkOrderCompletedEvent = z.output<typeof WorkOrderCompletedEventSchema>;
/** A validated `work_order_failed` event. */
export type WorkOrderFailedEvent = z.output<typeof WorkOrderFailedEventSchema>;
/** A validated `work_order_dependency_added` event. */
export type WorkOrderDependencyAddedEvent = z.output<typeof WorkOrderDependencyAddedEventSchema>;
