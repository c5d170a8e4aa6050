import type { FleetDB } from '@fleettools/db';

import { projectionStatements } from './projections/index.js';
import type { ProjectionTable } from './projections/statement.js';
import { EventStore } from './store/event-store.js';
import type { FleetEvent } from './types/index.js';

/** How many projection statements each table received. Tables no statement touched are absent. */
export type ProjectionChanges = { -readonly [T in ProjectionTable]?: number };

/**
 * The spec's `handleEvents(db, events, projectKey)`, which can no longer make a state that replay would not
 * reproduce: the events go through the store, as `appendMany` (validated, judged by the same rules, stored in
 * the log with their projections, in one write), so a replay folds exactly them. It returns how many projection
 * statements each table received for the events this call stored (a retry of stored events stores nothing and
 * returns `{}`).
 *
 * @throws the errors of `EventStore.appendMany` (validation, project mismatch, the rules' refusals, busy).
 * @example const changes = await handleEvents(db, [event], '/test/project'); // { sorties: 1 }
 */
export async function handleEvents(
  db: FleetDB,
  events: readonly FleetEvent[],
  projectKey: string,
): Promise<ProjectionChanges> {
  const store = EventStore.fromDb(db);
  const before = await store.getLatestSequence(projectKey);
  const stored = await store.appendMany(events, projectKey);
  const changes: ProjectionChanges = {};
  for (const event of stored.filter(({ sequence }) => (sequence ?? 0) > before)) {
    for (const { table } of projectionStatements(event)) changes[table] = (changes[table] ?? 0) + 1;
  }
  return changes;
}

/**
 * Appends one event through the store and returns its projection changes: the spec's
 * `handleEvent(db, event, projectKey)` (see {@link handleEvents}).
 *
 * @example const result = await handleEvent(db, event, '/test/project'); // { sorties: 1 }
 */
export function handleEvent(db: FleetDB, event: FleetEvent, projectKey: string): Promise<ProjectionChanges> {
  return handleEvents(db, [event], projectKey);
}
