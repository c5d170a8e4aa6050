import { PILOT_STATUS, SORTIE_STATUS } from '@fleettools/core';
import { DEPENDENCY_KIND, type DependencyKind } from '@fleettools/db';

import type { EventOf } from '../types/index.js';
import { allow, refuse, type Decision } from './decision.js';
import { reaches, unfinishedDependencies } from './dependencies.js';
import { DependencyCycleError, NotReadyError, UnauthorizedError } from './errors.js';
import { textOrNull, type Reader } from './reader.js';

/** The entity name of each dependency kind, for messages. */
const ENTITY: { readonly [K in DependencyKind]: string } = {
  [DEPENDENCY_KIND.SORTIE]: 'sortie',
  [DEPENDENCY_KIND.WORK_ORDER]: 'work order',
};

/** Statuses a sortie's assignment holds in (a sortie reclaimed from a stale pilot is in one of them). */
const HELD = [SORTIE_STATUS.PENDING, SORTIE_STATUS.IN_PROGRESS, SORTIE_STATUS.BLOCKED] as const;

/**
 * New dependencies must not close a cycle: `itemId` may not wait for an item that already waits for it,
 * directly or through others, nor for itself. (That each one exists is `references.ts`'s rule.)
 */
export async function decideDependencies(
  read: Reader,
  event:
    | EventOf<'sortie_created'>
    | EventOf<'sortie_dependency_added'>
    | EventOf<'work_order_created'>
    | EventOf<'work_order_dependency_added'>,
): Promise<Decision> {
  const [kind, itemId] =
    'work_order_id' in event
      ? [DEPENDENCY_KIND.WORK_ORDER, event.work_order_id]
      : [DEPENDENCY_KIND.SORTIE, event.sortie_id];
  for (const target of event.depends_on ?? []) {
    if (await reaches(read, event.project_key, kind, target, itemId)) {
      return refuse(new DependencyCycleError(event.type, ENTITY[kind], itemId, target));
    }
  }
  return allow(event);
}

/** The refusal when a dependency of the item is not completed, else `undefined`. */
async function waiting(
  read: Reader,
  type: string,
  projectKey: string,
  kind: DependencyKind,
  itemId: string,
): Promise<NotReadyError | undefined> {
  const unfinished = await unfinishedDependencies(read, projectKey, kind, itemId);
  if (unfinished.length === 0) return undefined;
  return new NotReadyError(
    type,
    ENTITY[kind],
    itemId,
    `waits for ${unfinished.join(', ')} to be completed`,
    unfinished,
  );
}

/** The sortie's assignee, or `null` when nobody has it. */
async function assigneeOf(read: Reader, projectKey: string, sortieId: string): Promise<string | null> {
  const [row] = await read('SELECT assigned_to FROM sorties WHERE project_key = ? AND sortie_id = ?', [
    projectKey,
    sortieId,
  ]);
  return textOrNull(row, 'assigned_to');
}

/**
 * A sortie is claimed or started only when it is ready for that pilot: nobody else has it and every
 * dependency is completed (that it is pending is the lifecycle's rule). Decided in the write, so two claimers
 * never both get it.
 */
export async function decideSortieStart(
  read: Reader,
  event: EventOf<'sortie_claimed'> | EventOf<'sortie_started'>,
): Promise<Decision> {
  const assignee = await assigneeOf(read, event.project_key, event.sortie_id);
  if (assignee !== null && assignee !== event.callsign) {
    return refuse(new NotReadyError(event.type, 'sortie', event.sortie_id, `is assigned to ${assignee}`));
  }
  const refusal = await waiting(read, event.type, event.project_key, DEPENDENCY_KIND.SORTIE, event.sortie_id);
  return refusal === undefined ? allow(event) : refuse(refusal);
}

/** A work order starts only once every work order it depends on is completed. */
export async function decideWorkOrderStart(
  read: Reader,
  event: EventOf<'work_order_started'>,
): Promise<Decision> {
  const refusal = await waiting(
    read,
    event.type,
    event.project_key,
    DEPENDENCY_KIND.WORK_ORDER,
    event.work_order_id,
  );
  return refusal === undefined ? allow(event) : refuse(refusal);
}

/** Only a pending sortie is assigned, and only to a registered, active pilot. */
export async function decideAssignment(read: Reader, event: EventOf<'sortie_assigned'>): Promise<Decision> {
  const [sortie] = await read('SELECT status FROM sorties WHERE project_key = ? AND sortie_id = ?', [
    event.project_key,
    event.sortie_id,
  ]);
  const status = textOrNull(sortie, 'status');
  if (status !== SORTIE_STATUS.PENDING) {
    return refuse(
      new NotReadyError(event.type, 'sortie', event.sortie_id, `is ${String(status)}, not pending`),
    );
  }
  const [pilot] = await read('SELECT status FROM pilots WHERE project_key = ? AND callsign = ?', [
    event.project_key,
    event.callsign,
  ]);
  if (textOrNull(pilot, 'status') !== PILOT_STATUS.ACTIVE) {
    return refuse(
      new UnauthorizedError(
        event.type,
        event.callsign,
        'it is not a registered, active pilot of this project',
      ),
    );
  }
  return allow(event);
}

/** A reclaim takes back only a sortie its pilot still holds (assigned to it, not completed nor failed). */
export async function decideReclaim(read: Reader, event: EventOf<'sortie_reclaimed'>): Promise<Decision> {
  const [row] = await read(
    'SELECT status, assigned_to FROM sorties WHERE project_key = ? AND sortie_id = ?',
    [event.project_key, event.sortie_id],
  );
  const status = textOrNull(row, 'status');
  const held = HELD.some((s) => s === status) && textOrNull(row, 'assigned_to') === event.callsign;
  if (held) return allow(event);
  return refuse(new NotReadyError(event.type, 'sortie', event.sortie_id, `is not held by ${event.callsign}`));
}
