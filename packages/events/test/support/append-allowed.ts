import { FleetError } from '@fleettools/core';

import type { EventStore, FleetEvent } from '../../src/index.js';

/** The codes of the store's rules' refusals: expected outcomes for random sequences, not failures. */
export const REFUSAL_CODES = new Set([
  'RESERVATION_CONFLICT',
  'LOCK_HELD',
  'UNAUTHORIZED',
  'INVALID_TRANSITION',
  'REFERENCE_NOT_FOUND',
  'ALREADY_RELEASED',
  'NOT_READY',
  'DEPENDENCY_CYCLE',
]);

function isRefusal(error: unknown): boolean {
  return error instanceof FleetError && REFUSAL_CODES.has(error.code);
}

/**
 * Appends `events` in batches of the given sizes (cycling; 1 = a lone `append`). A batch the coordination
 * rules refuse is retried one event at a time, keeping the events they allow, so random sequences still feed
 * the projections. Returns how many events the rules refused.
 */
export async function appendAllowed(
  store: EventStore,
  events: readonly FleetEvent[],
  sizes: readonly number[],
  projectKey: string,
): Promise<number> {
  let refused = 0;
  let at = 0;
  for (let turn = 0; at < events.length; turn++) {
    const batch = events.slice(at, at + (sizes[turn % sizes.length] ?? 1));
    at += batch.length;
    try {
      await store.appendMany(batch, projectKey);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      for (const event of batch) {
        try {
          await store.append(event, projectKey);
        } catch (single) {
          if (!isRefusal(single)) throw single;
          refused += 1;
        }
      }
    }
  }
  return refused;
}
