import { parseProjectKey } from '@fleettools/core';

import { OptionsValidationError, ProjectMismatchError } from './errors.js';
import { validateEvent } from './helpers.js';
import type { FleetEvent } from './types/index.js';

/**
 * Validates every event and checks it belongs to `projectKey`, before anything is written: one bad event
 * and nothing of the batch is. Returns the events as validated (defaults applied), ready to be written.
 *
 * @throws {IdValidationError} `projectKey` is not a project key.
 * @throws {EventValidationError} an event is not valid.
 * @throws {ProjectMismatchError} an event's `project_key` is not `projectKey`.
 * @throws {OptionsValidationError} `events` is not an array (from an untyped caller).
 */
export function validateBatch(
  operation: string,
  events: readonly unknown[],
  projectKey: string,
): FleetEvent[] {
  if (!Array.isArray(events)) {
    throw new OptionsValidationError(operation, [{ path: 'events', message: 'expected an array of events' }]);
  }
  const key = parseProjectKey(projectKey);
  return events.map((raw) => {
    const event = validateEvent(raw);
    if (event.project_key !== key) throw new ProjectMismatchError(event.id, event.project_key, key);
    return event;
  });
}
