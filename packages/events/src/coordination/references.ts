import type { FleetEvent } from '../types/index.js';
import { ReferenceNotFoundError } from './errors.js';
import type { Reader } from './reader.js';

/** Something an event names that must exist in its project: a query that finds it. */
interface Reference {
  readonly entity: string;
  readonly id: string;
  readonly sql: string;
  readonly args: readonly string[];
}

/** The reference to `entity` `id`, found by its key column in its projection table. */
function existing(entity: string, table: string, key: string, p: string, id: string): Reference {
  return {
    entity,
    id,
    sql: `SELECT 1 FROM ${table} WHERE project_key = ? AND ${key} = ? LIMIT 1`,
    args: [p, id],
  };
}

const sortie = (p: string, id: string): Reference => existing('sortie', 'sorties', 'sortie_id', p, id);
const mission = (p: string, id: string): Reference => existing('mission', 'missions', 'mission_id', p, id);
const workOrder = (p: string, id: string): Reference =>
  existing('work order', 'work_orders', 'work_order_id', p, id);
const checkpoint = (p: string, id: string): Reference =>
  existing('checkpoint', 'checkpoints', 'checkpoint_id', p, id);

/** Each optional id, as a reference when present. */
function optional(
  make: (p: string, id: string) => Reference,
  p: string,
  ...ids: (string | undefined)[]
): Reference[] {
  return ids.filter((id) => id !== undefined).map((id) => make(p, id));
}

/**
 * What an event names that must already exist (status changes are `lifecycles.ts`'s): the mission of a new
 * sortie, the dependencies of a sortie or work order (and the item they are added to), the sortie of progress,
 * of an assignment, of a reclaim, of a work order or of a checkpoint, the thread closed, the message read or
 * acknowledged, the reservation renewed or released, the lock acquisition released, the checkpoint restored or
 * recovered from, the sorties a recovery names.
 */
function referencesOf(event: FleetEvent): Reference[] {
  const p = event.project_key;
  switch (event.type) {
    case 'sortie_created':
      return [...optional(mission, p, event.mission_id), ...optional(sortie, p, ...(event.depends_on ?? []))];
    case 'sortie_dependency_added':
      return [sortie(p, event.sortie_id), ...event.depends_on.map((id) => sortie(p, id))];
    case 'sortie_progress':
    case 'sortie_assigned':
    case 'sortie_reclaimed':
      return [sortie(p, event.sortie_id)];
    case 'work_order_created':
      return [sortie(p, event.sortie_id), ...optional(workOrder, p, ...(event.depends_on ?? []))];
    case 'work_order_dependency_added':
      return [workOrder(p, event.work_order_id), ...event.depends_on.map((id) => workOrder(p, id))];
    case 'pilot_spawned':
      return optional(sortie, p, event.sortie_id);
    case 'checkpoint_created':
      return [...optional(sortie, p, event.sortie_id), ...optional(mission, p, event.mission_id)];
    case 'checkpoint_restored':
      return [checkpoint(p, event.checkpoint_id)];
    case 'context_compacted':
      return optional(checkpoint, p, event.checkpoint_id);
    case 'fleet_recovered':
      return [
        ...optional(checkpoint, p, event.checkpoint_id),
        ...optional(sortie, p, ...(event.sortie_ids ?? [])),
      ];
    case 'thread_closed':
      return [existing('thread', 'threads', 'thread_id', p, event.thread_id)];
    case 'message_read':
    case 'message_acked':
      return [existing('message', 'messages', 'message_id', p, event.message_id)];
    case 'file_renewed':
    case 'file_released':
      return [existing('reservation', 'reservations', 'reservation_id', p, event.reservation_id)];
    case 'lock_released':
      return [
        {
          entity: 'lock',
          id: event.lock_id,
          sql: 'SELECT 1 FROM locks WHERE project_key = ? AND resource = ? AND lock_id = ?',
          args: [p, event.resource, event.lock_id],
        },
      ];
    default:
      return [];
  }
}

/** True when the event names something that must exist. */
export function hasReferences(event: FleetEvent): boolean {
  return referencesOf(event).length > 0;
}

/**
 * References must exist in the project.
 *
 * @returns a {@link ReferenceNotFoundError} for the first one missing, or `undefined`.
 */
export async function refuseMissingReference(
  read: Reader,
  event: FleetEvent,
): Promise<ReferenceNotFoundError | undefined> {
  for (const reference of referencesOf(event)) {
    const rows = await read(reference.sql, [...reference.args]);
    if (rows.length === 0) return new ReferenceNotFoundError(event.type, reference.entity, reference.id);
  }
  return undefined;
}
