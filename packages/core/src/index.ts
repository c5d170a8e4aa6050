/**
 * @fleettools/core: the small, dependency-free vocabulary every FleetTools package shares.
 *
 * @packageDocumentation
 */
export type {
  Brand,
  Callsign,
  CheckpointId,
  DecisionId,
  EventId,
  IsoTimestamp,
  LockId,
  MessageId,
  MissionId,
  ProjectKey,
  ReservationId,
  SortieId,
  ThreadId,
  WorkOrderId,
} from './brand.js';
export * from './constants.js';
export * from './errors.js';
export * from './globs.js';
export * from './ids.js';
export * from './paths.js';
export * from './time.js';
