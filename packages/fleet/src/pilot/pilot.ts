import type { Claim, EventOf, FleetEventType, SearchHit, Sortie } from '@fleettools/events';

import { Checkpoints } from './checkpoints.js';
import { Locks } from './locks.js';
import { Messages } from './messages.js';
import {
  claimSortie,
  readySorties,
  searchOwnMessages,
  type ClaimRequest,
  type ReadyFilter,
} from './queue.js';
import { Reservations } from './reservations.js';
import type { PilotFields, PilotScope } from './scope.js';
import { Missions, Sorties, WorkOrders } from './work.js';

/**
 * One pilot of a project, bound to its callsign: every verb acts as this pilot, mints its own ids, and never
 * takes the project key. Made by `fleet.register(...)` (which keeps it alive with heartbeats) or
 * `fleet.pilot(callsign)` (acting for an already registered pilot, e.g. one command of the `fleet` CLI).
 *
 * @example
 * const viper = await fleet.register({ callsign: 'viper-1' });
 * await viper.reservations.reserve(['src/parser.ts'], { ttlMs: 600_000 });
 * await viper.messages.send({ to: ['lead'], subject: 'parser', body: 'on it' });
 * await viper.close();
 */
export class Pilot {
  /** Messages: send, reply, inbox, follow, read, ack. */
  readonly messages: Messages;
  /** File reservations: reserve, renew, release, releasePaths, releaseAll, mine, holders. */
  readonly reservations: Reservations;
  /** Missions: create, start, complete, cancel, get. */
  readonly missions: Missions;
  /** Sorties: create, start, progress, block, resume, complete, fail, get, list. */
  readonly sorties: Sorties;
  /** Work orders: create, start, complete, fail. */
  readonly workOrders: WorkOrders;
  /** Checkpoints: take, latest, restore. */
  readonly checkpoints: Checkpoints;
  /** Named locks with fencing tokens: acquire, release. */
  readonly locks: Locks;

  readonly #scope: PilotScope;
  readonly #onExit: () => void;

  constructor(scope: PilotScope) {
    this.#scope = scope;
    this.messages = new Messages(scope);
    this.reservations = new Reservations(scope);
    this.missions = new Missions(scope);
    this.sorties = new Sorties(scope);
    this.workOrders = new WorkOrders(scope);
    this.checkpoints = new Checkpoints(scope);
    this.locks = new Locks(scope);
    this.#onExit = scope.stopAll.bind(scope);
    process.once('exit', this.#onExit);
  }

  /** The pilot's callsign. */
  get callsign(): string {
    return this.#scope.callsign;
  }

  /**
   * Appends any event of the catalog in this pilot's project (the project key is supplied), for what has no
   * verb of its own (`coordinator_decision`, `thread_created`, `fleet_recovered`…). Typed by `type`, no cast.
   *
   * @example await lead.emit('coordinator_decision', { decision_id: 'decision-1', callsign: lead.callsign, decision: 'split it' });
   */
  emit<T extends FleetEventType>(type: T, fields: PilotFields<T>): Promise<EventOf<T>> {
    return this.#scope.emit(type, fields);
  }

  /**
   * The ready sorties (pending, assigned to nobody, every dependency completed), the most urgent first: what
   * {@link claim} would take, in that order.
   */
  ready(filter: ReadyFilter = {}): Promise<Sortie[]> {
    return readySorties(this.#scope, filter);
  }

  /**
   * Takes the most urgent ready sortie (of `missionId`, or of the project), or `sortieId` when it is ready, and
   * starts it: decided inside the store's write, so two pilots never get one sortie. With `reserve`, the
   * sortie's declared files are reserved in the same write (all or nothing).
   *
   * @returns the claim (`claimed`, and `reservation` when files were reserved), or `null` when nothing is ready.
   * @example const claim = await viper.claim({ missionId, reserve: true });
   */
  claim(request: ClaimRequest = {}): Promise<Claim | null> {
    return claimSortie(this.#scope, request);
  }

  /** Searches the subjects and bodies of the messages this pilot sent or received; best first, with snippets. */
  search(query: string, options: { readonly limit?: number } = {}): Promise<SearchHit[]> {
    return searchOwnMessages(this.#scope, query, options);
  }

  /** Says the pilot is alive now (the heartbeat `register` sends on an interval). */
  heartbeat(note?: string): Promise<EventOf<'pilot_active'>> {
    return this.#scope.emit('pilot_active', {
      callsign: this.#scope.callsign,
      ...(note === undefined ? {} : { note }),
    });
  }

  /**
   * Sends a heartbeat every `ms` until {@link close}; a failed beat goes to `onError` (default: ignored, the
   * next beat tries again). The timer never keeps the process alive.
   */
  keepAlive(ms: number, onError: (error: unknown) => void = () => undefined): void {
    this.#scope.every(ms, () => this.heartbeat(), onError);
  }

  /** Leaves the project: stops heartbeats and renewals, then records `pilot_deregistered`. */
  async deregister(reason?: string): Promise<EventOf<'pilot_deregistered'>> {
    this.close();
    return this.#scope.emit('pilot_deregistered', {
      callsign: this.#scope.callsign,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /**
   * Stops this pilot's heartbeats and automatic renewals (what it holds then lapses by its TTL unless
   * released). It writes nothing; the database stays open (the fleet owns it).
   */
  close(): void {
    this.#scope.stopAll();
    process.off('exit', this.#onExit);
  }
}
