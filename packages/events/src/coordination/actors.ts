import type { FleetEvent, FleetEventType } from '../types/index.js';

/**
 * Which field names the pilot acting in each event type, or `null` where no pilot acts (or where acting is
 * always allowed: a deregistered pilot may register again). `metadata.actor`, when given, takes precedence.
 */
export const ACTING_PILOT: { readonly [T in FleetEventType]: string | null } = {
  pilot_registered: null,
  pilot_active: 'callsign',
  pilot_deregistered: 'callsign',
  pilot_spawned: 'spawned_by',
  message_sent: 'from',
  message_read: 'callsign',
  message_acked: 'callsign',
  thread_created: 'created_by',
  thread_closed: 'callsign',
  file_reserved: 'callsign',
  file_renewed: 'callsign',
  file_released: 'callsign',
  file_conflict: 'callsign',
  mission_created: 'created_by',
  mission_started: 'callsign',
  mission_completed: null,
  mission_cancelled: null,
  sortie_created: null,
  sortie_started: 'callsign',
  sortie_progress: 'callsign',
  sortie_blocked: 'callsign',
  sortie_resumed: 'callsign',
  sortie_completed: 'callsign',
  sortie_failed: 'callsign',
  sortie_dependency_added: 'callsign',
  sortie_assigned: 'assigned_by',
  sortie_claimed: 'callsign',
  sortie_reclaimed: null,
  work_order_created: null,
  work_order_started: 'callsign',
  work_order_completed: 'callsign',
  work_order_failed: 'callsign',
  work_order_dependency_added: 'callsign',
  checkpoint_created: 'callsign',
  checkpoint_restored: 'callsign',
  context_compacted: 'callsign',
  fleet_recovered: 'recovered_by',
  coordinator_decision: 'callsign',
  lock_acquired: 'callsign',
  lock_released: 'callsign',
  cursor_moved: null,
};

/** The pilot acting in an event, if any: `metadata.actor`, else the type's acting field. */
export function actorOf(event: FleetEvent): string | undefined {
  return event.metadata?.actor ?? actingFieldOf(event);
}

/**
 * Every pilot an event makes act: the type's acting field and `metadata.actor`, each once. The rules check
 * all of them, so a `metadata.actor` cannot lend a deregistered pilot another's standing.
 */
export function actingPilotsOf(event: FleetEvent): string[] {
  const pilots = [actingFieldOf(event), event.metadata?.actor];
  return [...new Set(pilots.filter((pilot) => pilot !== undefined))];
}

function actingFieldOf(event: FleetEvent): string | undefined {
  const field = ACTING_PILOT[event.type];
  if (field === null) return undefined;
  const value: unknown = (event as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
