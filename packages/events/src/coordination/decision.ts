import type { FleetError } from '@fleettools/core';

import type { FleetEvent } from '../types/index.js';

/**
 * What the coordination rules say of one event, decided inside its write transaction:
 * - `allow`: write `event` (possibly completed by the store, e.g. a lock's fencing token), then `also`;
 * - `refuse`: write nothing of the append but `record` (the log of a refusal, when the rule keeps one), and
 *   give the caller `error`.
 */
export type Decision =
  | { readonly kind: 'allow'; readonly event: FleetEvent; readonly also: readonly FleetEvent[] }
  | { readonly kind: 'refuse'; readonly error: FleetError; readonly record?: FleetEvent };

/** Allow the event as it is. */
export function allow(event: FleetEvent, also: readonly FleetEvent[] = []): Decision {
  return { kind: 'allow', event, also };
}

/** Refuse the event, optionally recording the refusal. */
export function refuse(error: FleetError, record?: FleetEvent): Decision {
  return record === undefined ? { kind: 'refuse', error } : { kind: 'refuse', error, record };
}
