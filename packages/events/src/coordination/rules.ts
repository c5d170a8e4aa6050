import type { FleetEvent } from '../types/index.js';
import { refuseActors } from './actor-rules.js';
import { actorOf } from './actors.js';
import { storeNow } from './clock.js';
import { allow, refuse, type Decision } from './decision.js';
import { changesStatus, refuseTransition } from './lifecycles.js';
import { decideLockAcquisition, decideLockRelease } from './lock-rules.js';
import { decideAssignee, decideRecipient } from './ownership-rules.js';
import type { Reader } from './reader.js';
import { hasReferences, refuseMissingReference } from './references.js';
import { decideRelease, decideRenewal, decideReservation } from './reservation-rules.js';
import {
  decideAssignment,
  decideDependencies,
  decideReclaim,
  decideSortieStart,
  decideWorkOrderStart,
} from './work-rules.js';

/** True when a rule has something to say about this event (it must be decided in a transaction). */
export function isGuarded(event: FleetEvent): boolean {
  return actorOf(event) !== undefined || changesStatus(event.type) || hasReferences(event);
}

/**
 * The rules the store enforces, applied to one event inside its write transaction, against the state the
 * projections hold at that instant: lifecycles, references, acting pilots, then the coordination rules of the
 * event's type. Expiry is judged at the store's clock ({@link storeNow}), never at the event's `timestamp`.
 * Written down in `specs/` §8, one table.
 */
export async function decide(read: Reader, event: FleetEvent): Promise<Decision> {
  const refusal =
    (await refuseTransition(read, event)) ??
    (await refuseMissingReference(read, event)) ??
    (await refuseActors(read, event));
  if (refusal !== undefined) return refuse(refusal);
  switch (event.type) {
    case 'file_reserved':
      return decideReservation(read, event, await storeNow(read));
    case 'file_renewed':
      return decideRenewal(read, event, await storeNow(read));
    case 'file_released':
      return decideRelease(read, event);
    case 'lock_acquired':
      return decideLockAcquisition(read, event, await storeNow(read));
    case 'lock_released':
      return decideLockRelease(read, event);
    case 'message_read':
    case 'message_acked':
      return decideRecipient(read, event);
    case 'sortie_completed':
    case 'sortie_failed':
      return decideAssignee(read, event);
    case 'sortie_created':
    case 'sortie_dependency_added':
    case 'work_order_created':
    case 'work_order_dependency_added':
      return decideDependencies(read, event);
    case 'sortie_claimed':
    case 'sortie_started':
      return decideSortieStart(read, event);
    case 'work_order_started':
      return decideWorkOrderStart(read, event);
    case 'sortie_assigned':
      return decideAssignment(read, event);
    case 'sortie_reclaimed':
      return decideReclaim(read, event);
    default:
      return allow(event);
  }
}
