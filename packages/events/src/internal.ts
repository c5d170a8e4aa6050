/**
 * @fleettools/events/internal: what the store, replay and the benchmark use and a user does not call. The
 * store's insert of one event (`appendEventStatement`, the benchmark's floors run it), the
 * projection statements an event implies and the replay's pruning of them, the automatic snapshot trigger,
 * and the catalog's building blocks: every per-type schema and type alias (`SortieCreatedEventSchema`,
 * `SortieCreatedEvent`…; users write `EventOf<'sortie_created'>`), the field schemas and their limits. No
 * stability promise: these follow the store's internals.
 *
 * @packageDocumentation
 */
export { appendEventStatement } from './log/statements.js';
export { projectionStatements } from './projections/index.js';
export { withoutSupersededWrites } from './projections/superseded.js';
export { snapshotAfterAppend } from './snapshots/auto.js';
export * from './types/index.js';
