import {
  InvalidTransitionError,
  MISSION_TRANSITIONS,
  PILOT_TRANSITIONS,
  SORTIE_TRANSITIONS,
  WORK_ORDER_TRANSITIONS,
  type FleetError,
  type Transitions,
} from '@fleettools/core';

import type { FleetEvent, FleetEventType } from '../types/index.js';
import { ReferenceNotFoundError } from './errors.js';
import { textOrNull, type Reader } from './reader.js';

/** An entity with a life: where its status is kept and which changes core's table allows. */
interface Lifecycle {
  readonly entity: string;
  readonly table: string;
  readonly key: string;
  readonly transitions: Transitions<string>;
}

const SORTIE: Lifecycle = {
  entity: 'sortie',
  table: 'sorties',
  key: 'sortie_id',
  transitions: SORTIE_TRANSITIONS,
};
const MISSION: Lifecycle = {
  entity: 'mission',
  table: 'missions',
  key: 'mission_id',
  transitions: MISSION_TRANSITIONS,
};
const WORK_ORDER: Lifecycle = {
  entity: 'work order',
  table: 'work_orders',
  key: 'work_order_id',
  transitions: WORK_ORDER_TRANSITIONS,
};
const PILOT: Lifecycle = {
  entity: 'pilot',
  table: 'pilots',
  key: 'callsign',
  transitions: PILOT_TRANSITIONS,
};

/** The status each event type moves its entity to. Creations and registrations are not transitions. */
const STATUS_CHANGES: { readonly [T in FleetEventType]?: readonly [Lifecycle, string] } = {
  sortie_started: [SORTIE, 'in_progress'],
  sortie_claimed: [SORTIE, 'in_progress'],
  sortie_blocked: [SORTIE, 'blocked'],
  sortie_resumed: [SORTIE, 'in_progress'],
  sortie_completed: [SORTIE, 'completed'],
  sortie_failed: [SORTIE, 'failed'],
  mission_started: [MISSION, 'in_progress'],
  mission_completed: [MISSION, 'completed'],
  mission_cancelled: [MISSION, 'cancelled'],
  work_order_started: [WORK_ORDER, 'in_progress'],
  work_order_completed: [WORK_ORDER, 'completed'],
  work_order_failed: [WORK_ORDER, 'failed'],
  pilot_deregistered: [PILOT, 'deregistered'],
};

/** True when events of this type change an entity's status (and so are judged by {@link refuseTransition}). */
export function changesStatus(type: FleetEventType): boolean {
  return STATUS_CHANGES[type] !== undefined;
}

/**
 * Lifecycles enforced at append: an event that changes a sortie's, mission's, work order's or pilot's status
 * needs the entity to exist and core's transition table to allow the change from its current status.
 *
 * @returns the refusal ({@link ReferenceNotFoundError}, `InvalidTransitionError`), or `undefined`.
 */
export async function refuseTransition(read: Reader, event: FleetEvent): Promise<FleetError | undefined> {
  const change = STATUS_CHANGES[event.type];
  if (change === undefined) return undefined;
  const [lifecycle, to] = change;
  const id = String((event as Record<string, unknown>)[lifecycle.key]);
  const [row] = await read(
    `SELECT status FROM ${lifecycle.table} WHERE project_key = ? AND ${lifecycle.key} = ?`,
    [event.project_key, id],
  );
  const from = textOrNull(row, 'status');
  if (from === null) return new ReferenceNotFoundError(event.type, lifecycle.entity, id);
  const allowed = lifecycle.transitions[from] ?? [];
  if (allowed.includes(to)) return undefined;
  return new InvalidTransitionError(lifecycle.entity, id, from, to, allowed);
}
