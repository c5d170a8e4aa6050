import { generateEventId, nowIso } from '@fleettools/core';

import { EventValidationError, knownTypeOf, toEventIssues } from './errors.js';
import {
  FleetEventSchema,
  type EventInputOf,
  type EventOf,
  type FleetEvent,
  type FleetEventType,
} from './types/index.js';

/** Flattens an intersection so editors show one object type. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The fields `createEvent` takes for one type: what the type's schema accepts, minus `type`, with `id` and
 * `timestamp` optional (filled when absent). Ids and callsigns are plain strings here; defaults are optional.
 */
export type CreateEventFields<T extends FleetEventType> = Simplify<
  Omit<EventInputOf<T>, 'type' | 'id' | 'timestamp'> & Partial<Pick<EventInputOf<T>, 'id' | 'timestamp'>>
>;

/** The outcome of {@link safeValidateEvent}: the valid event, or the error `validateEvent` would throw. */
export type SafeValidateResult =
  | { readonly success: true; readonly data: FleetEvent }
  | { readonly success: false; readonly error: EventValidationError };

/**
 * Validates anything (parsed JSON, a database row mapped back, an agent's input) as a FleetEvent without
 * throwing. Applies the catalog's defaults and normalises paths, like {@link validateEvent}.
 */
export function safeValidateEvent(raw: unknown): SafeValidateResult {
  const result = FleetEventSchema.safeParse(raw);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    error: new EventValidationError(toEventIssues(result.error.issues), knownTypeOf(raw)),
  };
}

/**
 * Validates anything as a FleetEvent and returns it typed, with defaults applied and paths normalised.
 *
 * @throws {EventValidationError} (`EVENT_INVALID`) naming every problem and its path.
 * @example const event = validateEvent(JSON.parse(line));
 */
export function validateEvent(raw: unknown): FleetEvent {
  const result = safeValidateEvent(raw);
  if (result.success) return result.data;
  throw result.error;
}

/**
 * Builds one event of the given type: fills `id` (`evt-…`) and `timestamp` (now) when absent, applies the
 * catalog's defaults, validates, and returns it typed. A wrong or unknown field is a compile error.
 *
 * @throws {EventValidationError} when a field is invalid at run time (too long, bad id, bad path...).
 * @example
 * const event = createEvent('sortie_created', {
 *   project_key: '/test/project',
 *   sortie_id: 'sortie-abc123',
 *   title: 'Implement feature X',
 * });
 */
export function createEvent<T extends FleetEventType>(type: T, fields: CreateEventFields<T>): EventOf<T> {
  const { id, timestamp } = fields as Partial<Record<'id' | 'timestamp', unknown>>;
  // The schema checked that `type` is T, so the event is EventOf<T>.
  return validateEvent({
    ...fields,
    type,
    id: id ?? generateEventId(),
    timestamp: timestamp ?? nowIso(),
  }) as EventOf<T>;
}

/**
 * True when `event` is of the given type; narrows it to that type's event.
 *
 * @example if (isEventType(event, 'pilot_registered')) console.log(event.callsign);
 */
export function isEventType<T extends FleetEventType>(event: FleetEvent, type: T): event is EventOf<T> {
  return event.type === type;
}
