import type { FleetDB } from '@fleettools/db';

import { writeFailure } from '../errors.js';
import type { FleetEvent } from '../types/index.js';
import { validateBatch } from '../validate-batch.js';
import { projectionStatements } from './index.js';
import type { ProjectionTable } from './statement.js';

/**
 * How many rows each projection table had inserted or updated. Tables no statement touched are absent; a
 * statement that matched no row (a heartbeat from an unknown pilot) counts 0.
 */
export type ProjectionChanges = { -readonly [T in ProjectionTable]?: number };

/**
 * Applies events to the projections only (the events themselves are not stored), in one atomic write.
 * `EventStore.append` already does this for every event it stores; use this to build projections of events
 * that come from elsewhere.
 *
 * @throws {EventValidationError} / {ProjectMismatchError} before anything is written.
 * @example const changes = await handleEvents(db, [event], '/test/project'); // { pilots: 1 }
 */
export async function handleEvents(
  db: FleetDB,
  events: readonly FleetEvent[],
  projectKey: string,
): Promise<ProjectionChanges> {
  const statements = validateBatch('handleEvents', events, projectKey).flatMap((event) =>
    projectionStatements(event),
  );
  const changes: ProjectionChanges = {};
  if (statements.length === 0) return changes;
  try {
    await db.$client.transaction('write', async (tx) => {
      for (const statement of statements) {
        const { changes: rows } = await tx.run(statement);
        changes[statement.table] = (changes[statement.table] ?? 0) + rows;
      }
    });
    return changes;
  } catch (error) {
    throw writeFailure('handleEvents', error);
  }
}

/**
 * Applies one event to the projections, atomically: the spec's `handleEvent(db, event, projectKey)`.
 *
 * @example const result = await handleEvent(db, event, '/test/project'); // { pilots: 1 }
 */
export function handleEvent(db: FleetDB, event: FleetEvent, projectKey: string): Promise<ProjectionChanges> {
  return handleEvents(db, [event], projectKey);
}
