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

function sortie(p: string, id: string): Reference {
  return {
    entity: 'sortie',
    id,
    sql: 'SELECT 1 FROM sorties WHERE project_key = ? AND sortie_id = ?',
    args: [p, id],
  };
}

function mission(p: string, id: string): Reference {
  return {
    entity: 'mission',
    id,
    sql: 'SELECT 1 FROM missions WHERE project_key = ? AND mission_id = ?',
    args: [p, id],
  };
}

function checkpoint(p: string, id: string): Reference {
  return {
    entity: 'checkpoint',
    id,
    sql: 'SELECT 1 FROM checkpoints WHERE project_key = ? AND checkpoint_id = ?',
    args: [p, id],
  };
}

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
 * sortie, the sortie of progress, of a work order or of a checkpoint, the thread closed, the message read or
 * acknowledged, the reservation renewed or released, the lock acquisition released, the checkpoint restored or
 * recovered from, the sorties a recovery names.
 */
function referencesOf(event: FleetEvent): Reference[] {
  const p = event.project_key;
  switch (event.type) {
    case 'sortie_created':
      return optional(mission, p, event.mission_id);
    case 'sortie_progress':
    case 'work_order_created':
      return [sortie(p, event.sortie_id)];
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
      return [
        {
          entity: 'thread',
          id: event.thread_id,
          sql: 'SELECT 1 FROM threads WHERE project_key = ? AND thread_id = ?',
          args: [p, event.thread_id],
        },
      ];
    case 'message_read':
    case 'message_acked':
      return [
        {
          entity: 'message',
          id: event.message_id,
          sql: 'SELECT 1 FROM messages WHERE project_key = ? AND message_id = ?',
          args: [p, event.message_id],
        },
      ];
    case 'file_renewed':
    case 'file_released':
      return [
        {
          entity: 'reservation',
          id: event.reservation_id,
          sql: 'SELECT 1 FROM reservations WHERE project_key = ? AND reservation_id = ? LIMIT 1',
          args: [p, event.reservation_id],
        },
      ];
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
