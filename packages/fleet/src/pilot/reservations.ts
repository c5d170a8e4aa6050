import { generateReservationId, RESERVATION_MODE, type ReservationMode } from '@fleettools/core';
import {
  getHolders,
  getReservation,
  getReservations,
  groupReservations,
  ReservationConflictError,
  type EventOf,
  type Reservation,
  type ReservationConflict,
} from '@fleettools/events';

import { NotFoundError } from '../errors.js';
import type { PilotScope } from './scope.js';

/** Options of {@link Reservations.reserve}. */
export interface ReserveOptions {
  /** `exclusive` (default): nobody else may hold an overlapping path; `shared`: others may share it. */
  readonly mode?: ReservationMode;
  /** How long the reservation lasts, in ms (default one hour). */
  readonly ttlMs?: number;
  /** Why, for the log and for whoever is refused. */
  readonly reason?: string;
  /** Renew every `ttlMs / 3` while this pilot is open, so it lapses only if the pilot dies. */
  readonly autoRenew?: boolean;
}

/** A granted reservation, as the Pilot handle gives it back. */
export interface HeldReservation extends Reservation {
  /** Stops this reservation's automatic renewal (releasing it stops it too). */
  readonly stopRenewing: () => void;
}

/** The facts of a refusal, in the hint of a `ReservationConflictError`. */
function refusalHint(conflicts: readonly ReservationConflict[], now: number) {
  const latest = conflicts.reduce((a, b) => (Date.parse(b.expires_at) > Date.parse(a.expires_at) ? b : a));
  return {
    action: `wait until ${latest.expires_at} or ask ${latest.callsign} to release it (fleet send --to ${latest.callsign})`,
    holder: latest.callsign,
    holders: [...new Set(conflicts.map((c) => c.callsign))],
    paths: [...new Set(conflicts.map((c) => c.path))],
    expires_at: latest.expires_at,
    retry_after_ms: Math.max(0, Date.parse(latest.expires_at) - now),
  };
}

/** A pilot's file reservations: reserve (paths or globs), renew, release by id, path or all, and holders. */
export class Reservations {
  readonly #renewals = new Map<string, () => void>();

  constructor(private readonly scope: PilotScope) {}

  /**
   * Reserves project-relative paths or globs. A refusal is a `ReservationConflictError` (code
   * `RESERVATION_CONFLICT`) whose `hint` names the holder, the paths, `expires_at` and `retry_after_ms`.
   */
  async reserve(paths: readonly string[], options: ReserveOptions = {}): Promise<HeldReservation> {
    const ttlMs = options.ttlMs ?? 60 * 60_000;
    let reservationId: string = generateReservationId();
    try {
      // The stored event's id: a scope that replays a retried write returns the first write's reservation.
      ({ reservation_id: reservationId } = await this.scope.emit('file_reserved', {
        reservation_id: reservationId,
        callsign: this.scope.callsign,
        paths: [...paths],
        mode: options.mode ?? RESERVATION_MODE.EXCLUSIVE,
        ttl_ms: ttlMs,
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      }));
    } catch (error) {
      if (error instanceof ReservationConflictError) {
        const conflicts = error.details['conflicts'] as readonly ReservationConflict[];
        throw error.withHint(refusalHint(conflicts, Date.now()));
      }
      throw error;
    }
    let stopRenewing = (): void => undefined;
    if (options.autoRenew === true) {
      stopRenewing = this.scope.every(
        Math.max(1, Math.floor(ttlMs / 3)),
        () => this.renew(reservationId, ttlMs),
        () => {
          stopRenewing();
        },
      );
      this.#renewals.set(reservationId, stopRenewing);
    }
    return { ...(await this.get(reservationId)), stopRenewing };
  }

  /** Extends one of this pilot's reservations by `ttlMs` from now (default one hour). */
  renew(reservationId: string, ttlMs = 60 * 60_000): Promise<EventOf<'file_renewed'>> {
    return this.scope.emit('file_renewed', {
      reservation_id: reservationId,
      callsign: this.scope.callsign,
      ttl_ms: ttlMs,
    });
  }

  /** Releases one reservation by id (and stops its renewal). */
  async release(reservationId: string, reason?: string): Promise<EventOf<'file_released'>> {
    this.#renewals.get(reservationId)?.();
    this.#renewals.delete(reservationId);
    return this.scope.emit('file_released', {
      reservation_id: reservationId,
      callsign: this.scope.callsign,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /**
   * Releases every active reservation of this pilot that holds one of `paths` (as stored: `src/a.ts`,
   * `src/**`), each once.
   *
   * @throws {NotFoundError} none of this pilot's reservations holds any of them.
   */
  async releasePaths(paths: readonly string[], reason?: string): Promise<EventOf<'file_released'>[]> {
    const wanted = new Set(paths);
    const matching = (await this.mine()).filter((r) => r.paths.some((path) => wanted.has(path)));
    if (matching.length === 0) {
      throw new NotFoundError(
        'reservation of',
        [...wanted].join(', '),
        `${this.scope.callsign}'s reservations`,
      );
    }
    const released: EventOf<'file_released'>[] = [];
    for (const reservation of matching) released.push(await this.release(reservation.reservation_id, reason));
    return released;
  }

  /** Releases every active reservation of this pilot. */
  async releaseAll(reason?: string): Promise<EventOf<'file_released'>[]> {
    const released: EventOf<'file_released'>[] = [];
    for (const reservation of await this.mine()) {
      released.push(await this.release(reservation.reservation_id, reason));
    }
    return released;
  }

  /** This pilot's active reservations, each with its paths. */
  mine(): Promise<Reservation[]> {
    return getReservations(this.scope.db, this.scope.projectKey, { callsign: this.scope.callsign });
  }

  /** One reservation by id (anyone's; released or expired too). */
  async get(reservationId: string): Promise<Reservation> {
    const found = await getReservation(this.scope.db, this.scope.projectKey, reservationId);
    if (found === null) throw new NotFoundError('reservation', reservationId, 'the project');
    return found;
  }

  /** Who holds a project-relative path or glob now (every active reservation overlapping it). */
  async holders(path: string): Promise<Reservation[]> {
    return groupReservations(await getHolders(this.scope.db, this.scope.projectKey, path));
  }
}
