import { PILOT_STATUS } from '@fleettools/core';

import type { FleetEvent } from '../types/index.js';
import { actorOf } from './actors.js';
import { allow, refuse, type Decision } from './decision.js';
import { UnauthorizedError } from './errors.js';
import { decideLockAcquisition, decideLockRelease } from './lock-rules.js';
import { decideAssignee, decideRecipient } from './ownership-rules.js';
import { textOrNull, type Reader } from './reader.js';
import { decideRelease, decideRenewal, decideReservation } from './reservation-rules.js';

/** True when the coordination rules have something to say about this event (it must be decided in a transaction). */
export function isGuarded(event: FleetEvent): boolean {
  return actorOf(event) !== undefined;
}

/**
 * The coordination rules, applied to one event inside its write transaction, against the state the
 * projections hold at that instant. Expiry is judged at the event's own timestamp, so a decision depends only
 * on the log, never on the clock of whoever replays or audits it. Written down in `specs/` §8.
 */
export async function decide(read: Reader, event: FleetEvent): Promise<Decision> {
  const now = event.timestamp;
  const actor = actorOf(event);
  // A deregistered pilot may act again once it registers again, and that registration is its way back.
  const registersItself = event.type === 'pilot_registered' && actor === event.callsign;
  if (actor !== undefined && !registersItself) {
    const [pilot] = await read('SELECT status FROM pilots WHERE project_key = ? AND callsign = ?', [
      event.project_key,
      actor,
    ]);
    if (textOrNull(pilot, 'status') === PILOT_STATUS.DEREGISTERED) {
      return refuse(
        new UnauthorizedError(event.type, actor, 'it deregistered; it must register again first'),
      );
    }
  }
  switch (event.type) {
    case 'file_reserved':
      return decideReservation(read, event, now);
    case 'file_renewed':
      return decideRenewal(read, event, now);
    case 'file_released':
      return decideRelease(read, event);
    case 'lock_acquired':
      return decideLockAcquisition(read, event, now);
    case 'lock_released':
      return decideLockRelease(read, event);
    case 'message_read':
    case 'message_acked':
      return decideRecipient(read, event);
    case 'sortie_completed':
    case 'sortie_failed':
      return decideAssignee(read, event);
    default:
      return allow(event);
  }
}
