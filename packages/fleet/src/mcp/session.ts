import { FleetError } from '@fleettools/core';
import type { EventOf } from '@fleettools/events';

import type { Fleet } from '../fleet.js';
import { Pilot } from '../pilot/pilot.js';
import { DEFAULT_PILOT_TTL_MS, registrationFields, type RegisterOptions } from '../pilot/registration.js';
import { KeyedScope } from './idempotency.js';
import { NotRegisteredError } from './errors.js';

/** The session already acts as another pilot. */
export class SessionBoundError extends FleetError {
  declare readonly code: 'SESSION_BOUND';

  constructor(bound: string, asked: string) {
    super('SESSION_BOUND', `This session is already pilot '${bound}'; it cannot become '${asked}'.`, {
      bound,
      asked,
    });
    this.withHint({ action: `keep acting as ${bound}, or start another session for ${asked}` });
  }
}

/**
 * One MCP session, which is one pilot: `register` (or `FLEET_CALLSIGN`) binds it; while the session lives the
 * pilot heartbeats and its reservations renew; {@link end} releases what it holds and deregisters it. A
 * session that dies without ending (the process killed) leaves its reservations to lapse by their TTL.
 */
export class McpSession {
  #pilot: Pilot | undefined;

  constructor(
    /** The project the session works in. */
    readonly fleet: Fleet,
  ) {}

  /** The session's pilot, or undefined before `register`. */
  get pilot(): Pilot | undefined {
    return this.#pilot;
  }

  /**
   * The pilot a tool acts as.
   *
   * @throws {NotRegisteredError} the session has none yet.
   */
  requirePilot(tool: string): Pilot {
    if (this.#pilot === undefined) throw new NotRegisteredError(tool);
    return this.#pilot;
  }

  /**
   * Registers the session's pilot (again, for the same callsign: it refreshes its fields) and starts its
   * heartbeat.
   *
   * @throws {SessionBoundError} the session is already another pilot.
   */
  async register(options: RegisterOptions): Promise<EventOf<'pilot_registered'>> {
    const bound = this.#pilot;
    if (bound !== undefined && bound.callsign !== options.callsign) {
      throw new SessionBoundError(bound.callsign, options.callsign);
    }
    const { db, store, projectKey } = this.fleet;
    const pilot = bound ?? new Pilot(new KeyedScope(db, store, projectKey, options.callsign));
    const ttlMs = options.ttlMs ?? DEFAULT_PILOT_TTL_MS;
    const event = await pilot.emit('pilot_registered', registrationFields(options, this.fleet.cwd));
    if (bound === undefined) {
      pilot.keepAlive(options.heartbeatMs ?? Math.floor(ttlMs / 3));
      this.#pilot = pilot;
    }
    return event;
  }

  /** Ends the session: releases every reservation of its pilot and deregisters it (nothing without one). */
  async end(reason = 'mcp session ended'): Promise<void> {
    const pilot = this.#pilot;
    if (pilot === undefined) return;
    this.#pilot = undefined;
    pilot.close();
    await pilot.reservations.releaseAll(reason);
    await pilot.deregister(reason);
  }
}
