import type { FleetDB } from '@fleettools/db';

import type { FleetEvent } from '../types/index.js';
import { writeFailure } from '../write/driver-errors.js';
import { prepareEvents } from '../write/prepare.js';
import { writeQueueOf } from '../write/write-queue.js';
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
  const statements = prepareEvents('handleEvents', events, projectKey).flatMap((event) =>
    projectionStatements(event),
  );
  const changes: ProjectionChanges = {};
  if (statements.length === 0) return changes;
  const client = db.$client;
  try {
    const results = await writeQueueOf(client).run(() =>
      client.batch(
        statements.map(({ sql, args }) => ({ sql, args })),
        'write',
      ),
    );
    statements.forEach(({ table }, i) => {
      changes[table] = (changes[table] ?? 0) + (results[i]?.rowsAffected ?? 0);
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
