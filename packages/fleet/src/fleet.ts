import { resolve } from 'node:path';

import { closeFleetDb, type FleetDB } from '@fleettools/db';
import {
  EventStore,
  getReservations,
  groupReservations,
  getHolders,
  isPilotLive,
  listPilots,
  listSorties,
  type Reservation,
  type Sortie,
} from '@fleettools/events';
import { SORTIE_STATUS, type SortieStatus } from '@fleettools/core';

import { Pilot } from './pilot/pilot.js';
import { DEFAULT_PILOT_TTL_MS, registrationFields, type RegisterOptions } from './pilot/registration.js';
import { PilotScope } from './pilot/scope.js';
import { openProject, type OpenProjectOptions } from './project/open.js';

/** One pilot in `fleet.status()`. */
export interface PilotStatus {
  readonly callsign: string;
  readonly status: 'active' | 'stale' | 'deregistered';
  readonly last_seen_at: string;
  readonly program: string | null;
  readonly model: string | null;
  readonly task_description: string | null;
  /** The git working tree it registered from, and the branch checked out there (null: unknown). */
  readonly worktree: string | null;
  readonly branch: string | null;
}

/** The whole fleet at a glance: `fleet.status()`. */
export interface FleetStatus {
  readonly root: string;
  readonly project_key: string;
  readonly latest_sequence: number;
  readonly pilots: PilotStatus[];
  readonly reservations: Reservation[];
  readonly sorties: { readonly counts: Record<SortieStatus, number>; readonly items: Sortie[] };
}

/**
 * A project, opened: where it is, its key, and its store. Made by {@link openFleet}; `register` makes pilots.
 */
export class Fleet {
  /** The event store of the project's database. */
  readonly store: EventStore;

  constructor(
    /** The project's root directory (where `.fleet/` is). */
    readonly root: string,
    /** The project's key, read from its database. */
    readonly projectKey: string,
    /** The project's database. */
    readonly db: FleetDB,
    /** The directory the fleet was opened from: pilots registered here record its git worktree and branch. */
    readonly cwd: string = root,
  ) {
    this.store = EventStore.fromDb(db);
  }

  /**
   * Registers a pilot and keeps it alive: a heartbeat every `heartbeatMs` (default a third of its TTL) until
   * `pilot.close()`, `pilot.deregister()` or the process exits.
   */
  async register(options: RegisterOptions): Promise<Pilot> {
    const ttlMs = options.ttlMs ?? DEFAULT_PILOT_TTL_MS;
    const scope = new PilotScope(this.db, this.store, this.projectKey, options.callsign);
    await scope.emit('pilot_registered', registrationFields(options, this.cwd));
    const pilot = new Pilot(scope);
    const heartbeatMs = options.heartbeatMs ?? Math.floor(ttlMs / 3);
    if (heartbeatMs > 0) pilot.keepAlive(heartbeatMs);
    return pilot;
  }

  /** Acts as an already registered pilot, without registering again or sending heartbeats. */
  pilot(callsign: string): Pilot {
    return new Pilot(new PilotScope(this.db, this.store, this.projectKey, callsign));
  }

  /** Who holds a project-relative path or glob now: every active reservation overlapping it. */
  async holders(path: string): Promise<Reservation[]> {
    return groupReservations(await getHolders(this.db, this.projectKey, path));
  }

  /** Pilots (active, stale, deregistered), active reservations, sorties by status, the latest sequence. */
  async status(at: Date = new Date()): Promise<FleetStatus> {
    const pilots = (await listPilots(this.db, this.projectKey)).map((pilot) => ({
      callsign: pilot.callsign,
      status:
        pilot.status !== 'active'
          ? ('deregistered' as const)
          : isPilotLive(pilot, at.getTime())
            ? ('active' as const)
            : ('stale' as const),
      last_seen_at: pilot.last_seen_at,
      program: pilot.program,
      model: pilot.model,
      task_description: pilot.task_description,
      worktree: pilot.worktree,
      branch: pilot.branch,
    }));
    const items = await listSorties(this.db, this.projectKey);
    const counts = Object.fromEntries(
      Object.values(SORTIE_STATUS).map((status) => [status, items.filter((s) => s.status === status).length]),
    ) as Record<SortieStatus, number>;
    return {
      root: this.root,
      project_key: this.projectKey,
      latest_sequence: await this.store.getLatestSequence(this.projectKey),
      pilots,
      reservations: await getReservations(this.db, this.projectKey, { at }),
      sorties: { counts, items },
    };
  }

  /** Closes the project's database (stop pilots first with `pilot.close()`). */
  close(): Promise<void> {
    return closeFleetDb(this.db);
  }
}

/**
 * Opens the project the working directory belongs to: the nearest `.fleet/` upward, or inside a git worktree
 * the repository's main working tree. Creates nothing (`fleet init` / `initProject` does).
 *
 * @throws {NoProjectError} (`NO_PROJECT`, hint: run `fleet init`) when there is none.
 * @example
 * const fleet = await openFleet();
 * const lead = await fleet.register({ callsign: 'lead' });
 */
export async function openFleet(options: OpenProjectOptions = {}): Promise<Fleet> {
  const { root, projectKey, db } = await openProject(options);
  return new Fleet(root, projectKey, db, resolve(options.cwd ?? process.cwd()));
}
