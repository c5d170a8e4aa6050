import {
  listReadySorties,
  searchMessages,
  type Claim,
  type SearchHit,
  type Sortie,
} from '@fleettools/events';

import type { PilotScope } from './scope.js';

/** Options of `pilot.ready()`. */
export interface ReadyFilter {
  /** Only this mission's sorties (default: the whole project). */
  readonly missionId?: string;
  /** At most this many (default 100). */
  readonly limit?: number;
}

/** Options of `pilot.claim()`; without `missionId` and `sortieId`, the most urgent ready sortie of the project. */
export interface ClaimRequest {
  /** The most urgent ready sortie of this mission. */
  readonly missionId?: string;
  /** This sortie, only if it is ready (else a `NOT_READY` refusal saying why). */
  readonly sortieId?: string;
  /** Also reserve the sortie's declared files (exclusive), in the same write: all or nothing. */
  readonly reserve?: boolean;
  /** The reservation's TTL in ms (default one hour). */
  readonly ttlMs?: number;
}

/** The ready sorties, most urgent first: what `claim` would take, in that order. */
export function readySorties(scope: PilotScope, filter: ReadyFilter = {}): Promise<Sortie[]> {
  return listReadySorties(scope.db, scope.projectKey, {
    ...(filter.missionId === undefined ? {} : { mission_id: filter.missionId }),
    ...(filter.limit === undefined ? {} : { limit: filter.limit }),
  });
}

/** Claims a ready sortie for the scope's pilot (see `EventStore.claim`); `null` when none is ready. */
export function claimSortie(scope: PilotScope, request: ClaimRequest = {}): Promise<Claim | null> {
  return scope.store.claim({
    projectKey: scope.projectKey,
    callsign: scope.callsign,
    ...(request.missionId === undefined ? {} : { missionId: request.missionId }),
    ...(request.sortieId === undefined ? {} : { sortieId: request.sortieId }),
    ...(request.reserve === undefined ? {} : { reserve: request.reserve }),
    ...(request.ttlMs === undefined ? {} : { reserveTtlMs: request.ttlMs }),
  });
}

/** Full-text search over the messages the scope's pilot sent or received, best first. */
export function searchOwnMessages(
  scope: PilotScope,
  query: string,
  options: { readonly limit?: number } = {},
): Promise<SearchHit[]> {
  return searchMessages(scope.db, scope.projectKey, {
    callsign: scope.callsign,
    query,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
}
