import { FleetError } from '@fleettools/core';

/** One active reservation of another pilot that a requested path overlaps. */
export interface ReservationConflict {
  readonly reservation_id: string;
  readonly callsign: string;
  readonly path: string;
  readonly expires_at: string;
}

/**
 * A reservation overlaps active reservations of other pilots and its policy is `deny`: nothing of it was
 * reserved, and a `file_conflict` event records the refusal. `details.conflicts` names every holder, path and
 * expiry.
 */
export class ReservationConflictError extends FleetError {
  declare readonly code: 'RESERVATION_CONFLICT';

  constructor(reservationId: string, callsign: string, conflicts: readonly ReservationConflict[]) {
    const first = conflicts[0];
    const holder =
      first === undefined ? 'another pilot' : `${first.callsign} (${first.path}, until ${first.expires_at})`;
    super(
      'RESERVATION_CONFLICT',
      `Reservation ${reservationId} of ${callsign} was denied: held by ${holder}${conflicts.length > 1 ? ` and ${conflicts.length - 1} more` : ''}.`,
      { reservation_id: reservationId, callsign, conflicts },
    );
  }
}

/** What a live lock's holder looks like to a pilot that was refused it. */
export interface LockHolder {
  readonly callsign: string;
  readonly lock_id: string;
  readonly expires_at: string;
  readonly fencing_token: number;
}

/** Another pilot holds a live lock on the resource; nothing was written. */
export class LockHeldError extends FleetError {
  declare readonly code: 'LOCK_HELD';

  constructor(resource: string, callsign: string, holder: LockHolder) {
    super(
      'LOCK_HELD',
      `Lock ${JSON.stringify(resource)} is held by ${holder.callsign} until ${holder.expires_at}; ${callsign} cannot take it.`,
      { resource, callsign, holder },
    );
  }
}

/** The acting pilot may not do this (not the holder, not a recipient, not the assignee, deregistered); nothing was written. */
export class UnauthorizedError extends FleetError {
  declare readonly code: 'UNAUTHORIZED';

  constructor(type: string, callsign: string, reason: string) {
    super('UNAUTHORIZED', `${callsign} may not append ${type}: ${reason}.`, { type, callsign, reason });
  }
}

/** What an event refers to (a sortie, mission, message, reservation...) does not exist in the project; nothing was written. */
export class ReferenceNotFoundError extends FleetError {
  declare readonly code: 'REFERENCE_NOT_FOUND';

  constructor(type: string, entity: string, id: string) {
    super(
      'REFERENCE_NOT_FOUND',
      `${type} refers to ${entity} ${id}, which does not exist in this project; create it first or fix the id.`,
      { type, entity, id },
    );
  }
}

/**
 * A release of something already released (a reservation, a lock) under a new event id; nothing was written.
 * A retry of the release that was stored (the same event id) returns it instead.
 */
export class AlreadyReleasedError extends FleetError {
  declare readonly code: 'ALREADY_RELEASED';

  constructor(entity: string, id: string, releasedAt: string) {
    super(
      'ALREADY_RELEASED',
      `${entity} ${id} was already released at ${releasedAt}; a retry must resend the same event (same id).`,
      { entity, id, released_at: releasedAt },
    );
  }
}

/**
 * A dependency would close a cycle (a sortie or work order would wait, through others, for itself); nothing
 * was written. `details.via` is the dependency that leads back to the item.
 */
export class DependencyCycleError extends FleetError {
  declare readonly code: 'DEPENDENCY_CYCLE';

  constructor(type: string, entity: string, id: string, via: string) {
    super(
      'DEPENDENCY_CYCLE',
      `${type} would make ${entity} ${id} wait for itself: ${via} already waits for ${id} (or is ${id}); drop that dependency.`,
      { type, entity, id, via },
    );
  }
}

/**
 * A sortie or work order cannot be claimed, assigned or started now: it is not pending, another pilot has it,
 * or dependencies are not completed (`details.waiting_for`); nothing was written.
 */
export class NotReadyError extends FleetError {
  declare readonly code: 'NOT_READY';

  constructor(type: string, entity: string, id: string, reason: string, waitingFor: readonly string[] = []) {
    super('NOT_READY', `${type} refused: ${entity} ${id} ${reason}.`, {
      type,
      entity,
      id,
      reason,
      waiting_for: waitingFor,
    });
  }
}
