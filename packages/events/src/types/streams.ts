import type { EventOf, FleetEvent, FleetEventType } from './index.js';

/** The kinds of stream an event can belong to; the first half of a stream id. */
export type StreamKind =
  | 'pilot'
  | 'message'
  | 'thread'
  | 'reservation'
  | 'mission'
  | 'sortie'
  | 'work_order'
  | 'checkpoint'
  | 'decision'
  | 'lock'
  | 'cursor';

/** A stored stream id: `<kind>:<value>`, e.g. `sortie:sortie-abc123`, so two kinds never collide. */
export type StreamId = `${StreamKind}:${string}`;

/** The required string fields of an event type: the fields that can name its stream. */
export type StreamField<T extends FleetEventType> = {
  [K in keyof EventOf<T>]-?: EventOf<T>[K] extends string ? K : never;
}[keyof EventOf<T>] &
  string;

/** Which stream an event type belongs to: a stream kind and the field whose value names the stream. */
export interface StreamRule<T extends FleetEventType> {
  /** The stream kind. */
  readonly kind: StreamKind;
  /** The event field whose value names the stream. */
  readonly field: StreamField<T>;
}

/** The stream of every event type, as data: the one place the catalog's stream column lives in code. */
export const EVENT_STREAMS: { readonly [T in FleetEventType]: StreamRule<T> } = Object.freeze({
  pilot_registered: { kind: 'pilot', field: 'callsign' },
  pilot_active: { kind: 'pilot', field: 'callsign' },
  pilot_deregistered: { kind: 'pilot', field: 'callsign' },
  pilot_spawned: { kind: 'pilot', field: 'callsign' },
  message_sent: { kind: 'message', field: 'message_id' },
  message_read: { kind: 'message', field: 'message_id' },
  message_acked: { kind: 'message', field: 'message_id' },
  thread_created: { kind: 'thread', field: 'thread_id' },
  thread_closed: { kind: 'thread', field: 'thread_id' },
  file_reserved: { kind: 'reservation', field: 'reservation_id' },
  file_renewed: { kind: 'reservation', field: 'reservation_id' },
  file_released: { kind: 'reservation', field: 'reservation_id' },
  file_conflict: { kind: 'reservation', field: 'reservation_id' },
  mission_created: { kind: 'mission', field: 'mission_id' },
  mission_started: { kind: 'mission', field: 'mission_id' },
  mission_completed: { kind: 'mission', field: 'mission_id' },
  mission_cancelled: { kind: 'mission', field: 'mission_id' },
  sortie_created: { kind: 'sortie', field: 'sortie_id' },
  sortie_started: { kind: 'sortie', field: 'sortie_id' },
  sortie_progress: { kind: 'sortie', field: 'sortie_id' },
  sortie_blocked: { kind: 'sortie', field: 'sortie_id' },
  sortie_resumed: { kind: 'sortie', field: 'sortie_id' },
  sortie_completed: { kind: 'sortie', field: 'sortie_id' },
  sortie_failed: { kind: 'sortie', field: 'sortie_id' },
  sortie_dependency_added: { kind: 'sortie', field: 'sortie_id' },
  sortie_assigned: { kind: 'sortie', field: 'sortie_id' },
  sortie_claimed: { kind: 'sortie', field: 'sortie_id' },
  sortie_reclaimed: { kind: 'sortie', field: 'sortie_id' },
  work_order_created: { kind: 'work_order', field: 'work_order_id' },
  work_order_started: { kind: 'work_order', field: 'work_order_id' },
  work_order_completed: { kind: 'work_order', field: 'work_order_id' },
  work_order_failed: { kind: 'work_order', field: 'work_order_id' },
  work_order_dependency_added: { kind: 'work_order', field: 'work_order_id' },
  checkpoint_created: { kind: 'checkpoint', field: 'checkpoint_id' },
  checkpoint_restored: { kind: 'checkpoint', field: 'checkpoint_id' },
  context_compacted: { kind: 'pilot', field: 'callsign' },
  fleet_recovered: { kind: 'pilot', field: 'callsign' },
  coordinator_decision: { kind: 'decision', field: 'decision_id' },
  lock_acquired: { kind: 'lock', field: 'resource' },
  lock_released: { kind: 'lock', field: 'resource' },
  cursor_moved: { kind: 'cursor', field: 'consumer' },
});

/**
 * The stream an event belongs to, `<kind>:<value>`.
 *
 * @example streamIdOf(createEvent('sortie_started', { ..., sortie_id: 'sortie-abc123', ... })) // 'sortie:sortie-abc123'
 */
export function streamIdOf(event: FleetEvent): StreamId {
  const { kind, field } = EVENT_STREAMS[event.type];
  const fields: Readonly<Record<string, unknown>> = event;
  return `${kind}:${String(fields[field])}`;
}
