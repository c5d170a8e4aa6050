/**
 * @fleettools/events: the schema of every FleetTools event, the helpers to create and validate events, the
 * `EventStore` that appends them with their projections in one atomic write, the current-state queries, and
 * replay.
 *
 * @packageDocumentation
 */
export {
  ArchiveVerificationError,
  CursorCompactedError,
  EventValidationError,
  SnapshotNotStoredError,
  SnapshotRequiredError,
  type EventIssue,
} from './errors.js';
export * from './helpers.js';
export {
  EVENT_TYPES,
  FleetEventSchema,
  MAX_LONG_LIST,
  MAX_SHORT_LIST,
  MAX_STATE_BYTES,
  SHORT,
  TEXT,
  streamIdOf,
  type EventInputOf,
  type EventMetadata,
  type EventOf,
  type FleetEvent,
  type FleetEventInput,
  type FleetEventType,
  type JsonObject,
  type JsonValue,
  type StreamId,
  type StreamKind,
} from './types/index.js';

export { EventStore, type AppendOptions } from './store/event-store.js';
export type { ReclaimOptions } from './store/reclaim-stale.js';
export type { Claim, ClaimOptions } from './store/claim.js';
export {
  ConcurrencyError,
  IdempotencyConflictError,
  OptionsValidationError,
  ProjectMismatchError,
  StoreBusyError,
  StoreReadError,
  StoreWriteError,
} from './errors.js';
export type { EventFilters, QueryEventsOptions } from './log/query-options.js';

export {
  AlreadyReleasedError,
  DependencyCycleError,
  LockHeldError,
  NotReadyError,
  ReferenceNotFoundError,
  ReservationConflictError,
  UnauthorizedError,
  type LockHolder,
  type ReservationConflict,
} from './coordination/errors.js';
export { ACTING_PILOT, actingPilotsOf, actorOf } from './coordination/actors.js';
export { Consumer, type ConsumerOptions, type WaitOptions } from './store/consumer.js';
export { readOn } from './store/read-on.js';
export { isPilotLive } from './coordination/liveness.js';
export { pathsOverlap } from './coordination/glob-overlap.js';
export { handleEvent, handleEvents, type ProjectionChanges } from './handle-event.js';
export {
  PROJECTION_TABLES,
  type ProjectionStatement,
  type ProjectionTable,
} from './projections/statement.js';
export * from './read-models/index.js';
export { replayEvents, type ReplayOptions, type ReplayProgress, type ReplayResult } from './replay.js';

export { compact, type CompactOptions, type CompactionResult } from './compaction/compact.js';
export { DEFAULT_SNAPSHOT_EVERY, configureSnapshots, type SnapshotPolicy } from './snapshots/auto.js';
export { PROJECTION_SCHEMA_VERSION } from './snapshots/codec.js';
export { takeSnapshot, type SnapshotInfo, type TakeSnapshotOptions } from './snapshots/take.js';
export * from './upcasting/index.js';
