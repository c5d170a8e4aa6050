import { generateReservationId, TTL } from '@fleettools/core';
import { z } from 'zod';

import { storeNow } from '../coordination/clock.js';
import type { Reader } from '../coordination/reader.js';
import { readySortieIds } from '../coordination/readiness.js';
import { decideReservation } from '../coordination/reservation-rules.js';
import { pathListOf } from '../read-models/values.js';
import { createEvent } from '../helpers.js';
import { parseOptions } from '../log/query-options.js';
import {
  CallsignField,
  MissionIdField,
  ProjectKeyField,
  SortieIdField,
  TtlField,
  type EventOf,
  type FleetEvent,
} from '../types/index.js';
import type { EventWriter } from '../write/event-writer.js';

/** Options of `EventStore.claim`. */
export interface ClaimOptions {
  /** The project to claim in. */
  readonly projectKey: string;
  /** The pilot that takes the sortie (registered, active). */
  readonly callsign: string;
  /** Take the most urgent ready sortie of this mission (default: of the whole project). */
  readonly missionId?: string;
  /** Take this sortie, and only if it is ready (a refusal says why it is not). */
  readonly sortieId?: string;
  /**
   * Reserve the sortie's declared files (exclusive) in the same write: all or nothing. Without `sortieId`, a
   * ready sortie whose files another pilot holds is passed over for the next one.
   */
  readonly reserve?: boolean;
  /** The reservation's TTL, in ms (default `TTL.RESERVATION`). */
  readonly reserveTtlMs?: number;
}

const ClaimOptionsSchema = z.strictObject({
  projectKey: ProjectKeyField,
  callsign: CallsignField,
  missionId: MissionIdField.optional(),
  sortieId: SortieIdField.optional(),
  reserve: z.boolean().optional(),
  reserveTtlMs: TtlField.optional(),
});

/** What a claim wrote: the `sortie_claimed`, and the `file_reserved` of its files when it reserved them. */
export interface Claim {
  readonly claimed: EventOf<'sortie_claimed'>;
  readonly reservation?: EventOf<'file_reserved'>;
}

/** How many ready sorties a claim that reserves looks through for one whose files are free. */
const MAX_CANDIDATES = 100;

type ParsedClaim = z.output<typeof ClaimOptionsSchema>;

/**
 * `EventStore.claim`: chooses the sortie and writes its claim (with the reservation of its files, when asked)
 * inside one write transaction, where the coordination rules check it again (pending, nobody else's, every
 * dependency completed): two claimers can never both get one sortie, and a refused claim writes nothing.
 *
 * @returns the claim, or `null` when no sortie is ready (never `null` with `sortieId`: a refusal instead).
 * @throws {OptionsValidationError} an option is not valid.
 * @throws {NotReadyError} / {InvalidTransitionError} / {ReferenceNotFoundError} the sortie named is not ready.
 * @throws {ReservationConflictError} the sortie named declares files another pilot holds.
 * @throws {UnauthorizedError} the pilot is not registered and active.
 */
export async function claim(writer: EventWriter, options: ClaimOptions): Promise<Claim | null> {
  const parsed = parseOptions('claim', ClaimOptionsSchema, options);
  const written = await writer.writeFrom('claim', (read) => claimEvents(read, parsed));
  const claimed = written.find((event) => event.type === 'sortie_claimed');
  if (claimed === undefined) return null;
  const reservation = written.find((event) => event.type === 'file_reserved');
  return reservation === undefined ? { claimed } : { claimed, reservation };
}

/** The events of the claim, computed under the write lock: none when nothing is ready. */
async function claimEvents(read: Reader, options: ParsedClaim): Promise<FleetEvent[]> {
  const { projectKey, callsign, sortieId } = options;
  const ids =
    sortieId === undefined
      ? await readySortieIds(
          read,
          projectKey,
          { mission_id: options.missionId },
          options.reserve === true ? MAX_CANDIDATES : 1,
        )
      : [sortieId];
  for (const id of ids) {
    const reservation = options.reserve === true ? await reservationFor(read, options, id) : undefined;
    if (reservation === null) continue;
    const claimed = createEvent('sortie_claimed', {
      project_key: projectKey,
      sortie_id: id,
      callsign,
      ...(reservation === undefined ? {} : { reservation_id: reservation.reservation_id }),
    });
    return reservation === undefined ? [claimed] : [reservation, claimed];
  }
  return [];
}

/**
 * The reservation of the sortie's declared files: `undefined` when it declares none, `null` when another
 * pilot holds one of them and the claim may pass to the next sortie. For a sortie named by the caller, the
 * conflict is thrown (nothing is written, not even a `file_conflict`: the claim as a whole was refused).
 */
async function reservationFor(
  read: Reader,
  options: ParsedClaim,
  sortieId: string,
): Promise<EventOf<'file_reserved'> | null | undefined> {
  const [row] = await read('SELECT files FROM sorties WHERE project_key = ? AND sortie_id = ?', [
    options.projectKey,
    sortieId,
  ]);
  const files = pathListOf(typeof row?.['files'] === 'string' ? row['files'] : null) ?? [];
  if (files.length === 0) return undefined;
  const reservation = createEvent('file_reserved', {
    project_key: options.projectKey,
    reservation_id: generateReservationId(),
    callsign: options.callsign,
    paths: files,
    ttl_ms: options.reserveTtlMs ?? TTL.RESERVATION,
    reason: `claim of ${sortieId}`,
  });
  const decision = await decideReservation(read, reservation, await storeNow(read));
  if (decision.kind === 'allow') return reservation;
  if (options.sortieId !== undefined) throw decision.error;
  return null;
}
