import { describe } from '@fleettools/core';
import { z } from 'zod';

import {
  CheckpointCreatedEventSchema,
  CheckpointRestoredEventSchema,
  ContextCompactedEventSchema,
  FleetRecoveredEventSchema,
} from './checkpoints.js';
import {
  CoordinatorDecisionEventSchema,
  CursorMovedEventSchema,
  LockAcquiredEventSchema,
  LockReleasedEventSchema,
  PilotSpawnedEventSchema,
} from './coordination.js';
import {
  MessageAckedEventSchema,
  MessageReadEventSchema,
  MessageSentEventSchema,
  ThreadClosedEventSchema,
  ThreadCreatedEventSchema,
} from './messages.js';
import {
  MissionCancelledEventSchema,
  MissionCompletedEventSchema,
  MissionCreatedEventSchema,
  MissionStartedEventSchema,
} from './missions.js';
import {
  PilotActiveEventSchema,
  PilotDeregisteredEventSchema,
  PilotRegisteredEventSchema,
} from './pilots.js';
import {
  FileConflictEventSchema,
  FileReleasedEventSchema,
  FileRenewedEventSchema,
  FileReservedEventSchema,
} from './reservations.js';
import {
  SortieAssignedEventSchema,
  SortieBlockedEventSchema,
  SortieClaimedEventSchema,
  SortieCompletedEventSchema,
  SortieCreatedEventSchema,
  SortieDependencyAddedEventSchema,
  SortieFailedEventSchema,
  SortieProgressEventSchema,
  SortieReclaimedEventSchema,
  SortieResumedEventSchema,
  SortieStartedEventSchema,
} from './sorties.js';
import {
  WorkOrderCompletedEventSchema,
  WorkOrderCreatedEventSchema,
  WorkOrderDependencyAddedEventSchema,
  WorkOrderFailedEventSchema,
  WorkOrderStartedEventSchema,
} from './work-orders.js';

export * from './base.js';
export * from './checkpoints.js';
export * from './coordination.js';
export * from './fields.js';
export * from './json.js';
export * from './messages.js';
export * from './missions.js';
export * from './pilots.js';
export * from './reservations.js';
export * from './sorties.js';
export * from './streams.js';
export * from './work-orders.js';

/**
 * The message for an object whose `type` names no event of the catalog (Zod's own would list all 41);
 * `undefined` (Zod's message) when the input is not an object at all.
 */
function unknownTypeMessage(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  if (!('type' in input) || input.type === undefined) {
    return 'Invalid input: expected an event type, received undefined';
  }
  return `Unknown event type ${describe(input.type)}`;
}

/**
 * Every FleetTools event: one strict schema per type, discriminated by `type`. Parsing applies the
 * catalog's defaults, normalises paths and brands ids; see `specs/phase0-foundation/spec.md` §3.
 */
export const FleetEventSchema = z.discriminatedUnion(
  'type',
  [
    // pilots
    PilotRegisteredEventSchema,
    PilotActiveEventSchema,
    PilotDeregisteredEventSchema,
    // messages
    MessageSentEventSchema,
    MessageReadEventSchema,
    MessageAckedEventSchema,
    ThreadCreatedEventSchema,
    ThreadClosedEventSchema,
    // reservations
    FileReservedEventSchema,
    FileRenewedEventSchema,
    FileReleasedEventSchema,
    FileConflictEventSchema,
    // missions
    MissionCreatedEventSchema,
    MissionStartedEventSchema,
    MissionCompletedEventSchema,
    MissionCancelledEventSchema,
    // sorties
    SortieCreatedEventSchema,
    SortieStartedEventSchema,
    SortieProgressEventSchema,
    SortieBlockedEventSchema,
    SortieResumedEventSchema,
    SortieCompletedEventSchema,
    SortieFailedEventSchema,
    SortieDependencyAddedEventSchema,
    SortieAssignedEventSchema,
    SortieClaimedEventSchema,
    SortieReclaimedEventSchema,
    // work orders
    WorkOrderCreatedEventSchema,
    WorkOrderStartedEventSchema,
    WorkOrderCompletedEventSchema,
    WorkOrderFailedEventSchema,
    WorkOrderDependencyAddedEventSchema,
    // checkpoints
    CheckpointCreatedEventSchema,
    CheckpointRestoredEventSchema,
    ContextCompactedEventSchema,
    FleetRecoveredEventSchema,
    // coordination
    PilotSpawnedEventSchema,
    CoordinatorDecisionEventSchema,
    LockAcquiredEventSchema,
    LockReleasedEventSchema,
    CursorMovedEventSchema,
  ],
  {
    error: (issue) => unknownTypeMessage(issue.input),
  },
);

/** A validated event of any type: the envelope plus the type's own fields, flat. */
export type FleetEvent = z.output<typeof FleetEventSchema>;

/** What `FleetEventSchema` accepts: like {@link FleetEvent}, with defaulted fields optional and ids as plain strings. */
export type FleetEventInput = z.input<typeof FleetEventSchema>;

/** The name of an event type, e.g. `'sortie_created'`. */
export type FleetEventType = FleetEvent['type'];

/** The validated event of one type: `EventOf<'sortie_created'>`. */
export type EventOf<T extends FleetEventType> = Extract<FleetEvent, { type: T }>;

/** What the schema of one type accepts: `EventInputOf<'sortie_created'>`. */
export type EventInputOf<T extends FleetEventType> = Extract<FleetEventInput, { type: T }>;

/** Every event type of the catalog, in catalog order, read from the schemas. */
export const EVENT_TYPES: readonly FleetEventType[] = Object.freeze(
  FleetEventSchema.options.map((schema) => schema.shape.type.value),
);
