/**
 * @fleettools/events: the schema of every FleetTools event, the helpers to create and validate events, the
 * `EventStore` that appends them with their projections in one atomic write, the current-state queries, and
 * replay.
 *
 * @packageDocumentation
 */
export { EventValidationError, type EventIssue } from './errors.js';
export * from './helpers.js';
export * from './types/index.js';

export { EventStore, type AppendOptions } from './store/event-store.js';
export {
  ConcurrencyError,
  IdempotencyConflictError,
  OptionsValidationError,
  ProjectMismatchError,
  StoreBusyError,
  StoreReadError,
  StoreWriteError,
} from './store/errors.js';
export type { EventFilters, QueryEventsOptions } from './store/query-options.js';

export { handleEvent, handleEvents, type ProjectionChanges } from './projections/handle-event.js';
export { projectionStatements } from './projections/index.js';
export {
  PROJECTION_TABLES,
  type ProjectionStatement,
  type ProjectionTable,
} from './projections/statement.js';
export * from './read-models/index.js';
export { replayEvents, type ReplayOptions, type ReplayProgress, type ReplayResult } from './replay.js';
