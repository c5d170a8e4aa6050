/**
 * fast-check arbitraries of valid FleetTools events, shared by this package's property tests and, later,
 * the event store's. Every value they produce is an *input* (`EventInputOf<T>`) that `validateEvent` accepts.
 */
import { IMPORTANCE, RESERVATION_MODE } from '@fleettools/core';
import fc from 'fast-check';

import {
  EVENT_TYPES,
  type EventInputOf,
  type FleetEventInput,
  type FleetEventType,
} from '../../src/index.js';
import {
  arbitraryCallsign,
  arbitraryCount,
  arbitraryId,
  arbitraryJsonObject,
  arbitraryPath,
  arbitraryProjectKey,
  arbitraryShortText,
  arbitraryText,
  arbitraryTimestamp,
  arbitraryTtl,
} from './fields.js';

export * from './fields.js';

const arbitraryImportance = fc.constantFrom(...Object.values(IMPORTANCE));
const arbitraryMode = fc.constantFrom(...Object.values(RESERVATION_MODE));
const callsigns = (max: number) => fc.array(arbitraryCallsign, { minLength: 1, maxLength: max });
const paths = (min: number, max: number) => fc.array(arbitraryPath, { minLength: min, maxLength: max });

/** The envelope: id, project key, timestamp, and sometimes metadata, sequence and stream version. */
const arbitraryEnvelope = fc.record(
  {
    id: arbitraryId('event'),
    project_key: arbitraryProjectKey,
    timestamp: arbitraryTimestamp,
    sequence: fc.integer({ min: 1 }),
    stream_version: fc.integer({ min: 1 }),
    metadata: fc.record(
      { correlation_id: arbitraryId('event'), causation_id: arbitraryId('event'), actor: arbitraryCallsign },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['id', 'project_key', 'timestamp'] },
);

/** An event of `type`: the envelope plus the type's own fields. */
function withEnvelope<T extends FleetEventType, F>(type: T, fields: fc.Arbitrary<F>) {
  return fc.tuple(arbitraryEnvelope, fields).map(([envelope, own]) => ({ ...envelope, ...own, type }));
}

const ARBITRARIES: { readonly [T in FleetEventType]: fc.Arbitrary<EventInputOf<T>> } = {
  pilot_registered: withEnvelope(
    'pilot_registered',
    fc.record(
      {
        callsign: arbitraryCallsign,
        program: arbitraryShortText,
        model: arbitraryShortText,
        task_description: arbitraryText,
        ttl_ms: arbitraryTtl,
      },
      { requiredKeys: ['callsign'] },
    ),
  ),
  pilot_active: withEnvelope(
    'pilot_active',
    fc.record({ callsign: arbitraryCallsign, note: arbitraryText }, { requiredKeys: ['callsign'] }),
  ),
  pilot_deregistered: withEnvelope(
    'pilot_deregistered',
    fc.record({ callsign: arbitraryCallsign, reason: arbitraryText }, { requiredKeys: ['callsign'] }),
  ),
  pilot_spawned: withEnvelope(
    'pilot_spawned',
    fc.record(
      {
        callsign: arbitraryCallsign,
        spawned_by: arbitraryCallsign,
        sortie_id: arbitraryId('sortie'),
        program: arbitraryShortText,
        model: arbitraryShortText,
      },
      { requiredKeys: ['callsign', 'spawned_by'] },
    ),
  ),
  message_sent: withEnvelope(
    'message_sent',
    fc.record(
      {
        message_id: arbitraryId('message'),
        from: arbitraryCallsign,
        to: callsigns(100),
        subject: arbitraryShortText,
        body: arbitraryText,
        thread_id: arbitraryId('thread'),
        importance: arbitraryImportance,
        ack_required: fc.boolean(),
      },
      { requiredKeys: ['message_id', 'from', 'to', 'subject', 'body'] },
    ),
  ),
  message_read: withEnvelope(
    'message_read',
    fc.record({ message_id: arbitraryId('message'), callsign: arbitraryCallsign }),
  ),
  message_acked: withEnvelope(
    'message_acked',
    fc.record({ message_id: arbitraryId('message'), callsign: arbitraryCallsign }),
  ),
  thread_created: withEnvelope(
    'thread_created',
    fc.record({
      thread_id: arbitraryId('thread'),
      subject: arbitraryShortText,
      created_by: arbitraryCallsign,
    }),
  ),
  thread_closed: withEnvelope(
    'thread_closed',
    fc.record(
      { thread_id: arbitraryId('thread'), callsign: arbitraryCallsign, reason: arbitraryText },
      { requiredKeys: ['thread_id', 'callsign'] },
    ),
  ),
  file_reserved: withEnvelope(
    'file_reserved',
    fc.record(
      {
        reservation_id: arbitraryId('reservation'),
        callsign: arbitraryCallsign,
        paths: paths(1, 100),
        mode: arbitraryMode,
        ttl_ms: arbitraryTtl,
        reason: arbitraryText,
      },
      { requiredKeys: ['reservation_id', 'callsign', 'paths'] },
    ),
  ),
  file_renewed: withEnvelope(
    'file_renewed',
    fc.record({
      reservation_id: arbitraryId('reservation'),
      callsign: arbitraryCallsign,
      ttl_ms: arbitraryTtl,
    }),
  ),
  file_released: withEnvelope(
    'file_released',
    fc.record(
      { reservation_id: arbitraryId('reservation'), callsign: arbitraryCallsign, reason: arbitraryText },
      { requiredKeys: ['reservation_id', 'callsign'] },
    ),
  ),
  file_conflict: withEnvelope(
    'file_conflict',
    fc.record({
      reservation_id: arbitraryId('reservation'),
      callsign: arbitraryCallsign,
      paths: paths(1, 100),
      conflicts: fc.array(
        fc.record({
          reservation_id: arbitraryId('reservation'),
          callsign: arbitraryCallsign,
          path: arbitraryPath,
          expires_at: arbitraryTimestamp,
        }),
        { minLength: 1, maxLength: 10 },
      ),
      resolution: fc.constantFrom('denied' as const, 'warned' as const),
    }),
  ),
  mission_created: withEnvelope(
    'mission_created',
    fc.record(
      {
        mission_id: arbitraryId('mission'),
        title: arbitraryShortText,
        description: arbitraryText,
        created_by: arbitraryCallsign,
      },
      { requiredKeys: ['mission_id', 'title'] },
    ),
  ),
  mission_started: withEnvelope(
    'mission_started',
    fc.record(
      { mission_id: arbitraryId('mission'), callsign: arbitraryCallsign },
      { requiredKeys: ['mission_id'] },
    ),
  ),
  mission_completed: withEnvelope(
    'mission_completed',
    fc.record(
      { mission_id: arbitraryId('mission'), summary: arbitraryText },
      { requiredKeys: ['mission_id'] },
    ),
  ),
  mission_cancelled: withEnvelope(
    'mission_cancelled',
    fc.record({ mission_id: arbitraryId('mission'), reason: arbitraryText }),
  ),
  sortie_created: withEnvelope(
    'sortie_created',
    fc.record(
      {
        sortie_id: arbitraryId('sortie'),
        title: arbitraryShortText,
        mission_id: arbitraryId('mission'),
        description: arbitraryText,
        files: paths(0, 20),
        depends_on: fc.uniqueArray(arbitraryId('sortie'), { minLength: 1, maxLength: 5 }),
        priority: fc.integer({ min: 0, max: 4 }),
      },
      { requiredKeys: ['sortie_id', 'title'] },
    ),
  ),
  sortie_dependency_added: withEnvelope(
    'sortie_dependency_added',
    fc.record(
      {
        sortie_id: arbitraryId('sortie'),
        depends_on: fc.uniqueArray(arbitraryId('sortie'), { minLength: 1, maxLength: 5 }),
        callsign: arbitraryCallsign,
      },
      { requiredKeys: ['sortie_id', 'depends_on'] },
    ),
  ),
  sortie_assigned: withEnvelope(
    'sortie_assigned',
    fc.record(
      { sortie_id: arbitraryId('sortie'), callsign: arbitraryCallsign, assigned_by: arbitraryCallsign },
      { requiredKeys: ['sortie_id', 'callsign'] },
    ),
  ),
  sortie_claimed: withEnvelope(
    'sortie_claimed',
    fc.record(
      {
        sortie_id: arbitraryId('sortie'),
        callsign: arbitraryCallsign,
        reservation_id: arbitraryId('reservation'),
      },
      { requiredKeys: ['sortie_id', 'callsign'] },
    ),
  ),
  sortie_reclaimed: withEnvelope(
    'sortie_reclaimed',
    fc.record({ sortie_id: arbitraryId('sortie'), callsign: arbitraryCallsign, reason: arbitraryText }),
  ),
  sortie_started: withEnvelope(
    'sortie_started',
    fc.record({ sortie_id: arbitraryId('sortie'), callsign: arbitraryCallsign }),
  ),
  sortie_progress: withEnvelope(
    'sortie_progress',
    fc.record(
      {
        sortie_id: arbitraryId('sortie'),
        callsign: arbitraryCallsign,
        progress: fc.integer({ min: 0, max: 100 }),
        note: arbitraryText,
      },
      { requiredKeys: ['sortie_id', 'callsign', 'progress'] },
    ),
  ),
  sortie_blocked: withEnvelope(
    'sortie_blocked',
    fc.record({ sortie_id: arbitraryId('sortie'), callsign: arbitraryCallsign, reason: arbitraryText }),
  ),
  sortie_resumed: withEnvelope(
    'sortie_resumed',
    fc.record({ sortie_id: arbitraryId('sortie'), callsign: arbitraryCallsign }),
  ),
  sortie_completed: withEnvelope(
    'sortie_completed',
    fc.record(
      { sortie_id: arbitraryId('sortie'), callsign: arbitraryCallsign, summary: arbitraryText },
      { requiredKeys: ['sortie_id', 'callsign'] },
    ),
  ),
  sortie_failed: withEnvelope(
    'sortie_failed',
    fc.record({ sortie_id: arbitraryId('sortie'), callsign: arbitraryCallsign, reason: arbitraryText }),
  ),
  work_order_created: withEnvelope(
    'work_order_created',
    fc.record(
      {
        work_order_id: arbitraryId('workOrder'),
        sortie_id: arbitraryId('sortie'),
        title: arbitraryShortText,
        description: arbitraryText,
        depends_on: fc.uniqueArray(arbitraryId('workOrder'), { minLength: 1, maxLength: 5 }),
      },
      { requiredKeys: ['work_order_id', 'sortie_id', 'title'] },
    ),
  ),
  work_order_dependency_added: withEnvelope(
    'work_order_dependency_added',
    fc.record(
      {
        work_order_id: arbitraryId('workOrder'),
        depends_on: fc.uniqueArray(arbitraryId('workOrder'), { minLength: 1, maxLength: 5 }),
        callsign: arbitraryCallsign,
      },
      { requiredKeys: ['work_order_id', 'depends_on'] },
    ),
  ),
  work_order_started: withEnvelope(
    'work_order_started',
    fc.record({ work_order_id: arbitraryId('workOrder'), callsign: arbitraryCallsign }),
  ),
  work_order_completed: withEnvelope(
    'work_order_completed',
    fc.record(
      { work_order_id: arbitraryId('workOrder'), callsign: arbitraryCallsign, result: arbitraryText },
      { requiredKeys: ['work_order_id', 'callsign'] },
    ),
  ),
  work_order_failed: withEnvelope(
    'work_order_failed',
    fc.record({
      work_order_id: arbitraryId('workOrder'),
      callsign: arbitraryCallsign,
      reason: arbitraryText,
    }),
  ),
  checkpoint_created: withEnvelope(
    'checkpoint_created',
    fc.record(
      {
        checkpoint_id: arbitraryId('checkpoint'),
        callsign: arbitraryCallsign,
        summary: arbitraryText,
        sortie_id: arbitraryId('sortie'),
        mission_id: arbitraryId('mission'),
        state: arbitraryJsonObject,
        files_modified: paths(0, 20),
      },
      { requiredKeys: ['checkpoint_id', 'callsign', 'summary', 'state'] },
    ),
  ),
  checkpoint_restored: withEnvelope(
    'checkpoint_restored',
    fc.record({ checkpoint_id: arbitraryId('checkpoint'), callsign: arbitraryCallsign }),
  ),
  context_compacted: withEnvelope(
    'context_compacted',
    fc.record(
      {
        callsign: arbitraryCallsign,
        checkpoint_id: arbitraryId('checkpoint'),
        tokens_before: arbitraryCount,
        tokens_after: arbitraryCount,
        summary: arbitraryText,
      },
      { requiredKeys: ['callsign'] },
    ),
  ),
  fleet_recovered: withEnvelope(
    'fleet_recovered',
    fc.record(
      {
        callsign: arbitraryCallsign,
        recovered_by: arbitraryCallsign,
        checkpoint_id: arbitraryId('checkpoint'),
        sortie_ids: fc.array(arbitraryId('sortie'), { maxLength: 10 }),
      },
      { requiredKeys: ['callsign', 'recovered_by'] },
    ),
  ),
  coordinator_decision: withEnvelope(
    'coordinator_decision',
    fc.record(
      {
        decision_id: arbitraryId('decision'),
        callsign: arbitraryCallsign,
        decision: arbitraryText,
        rationale: arbitraryText,
        subject_id: arbitraryShortText,
      },
      { requiredKeys: ['decision_id', 'callsign', 'decision'] },
    ),
  ),
  lock_acquired: withEnvelope(
    'lock_acquired',
    fc.record(
      {
        resource: arbitraryShortText,
        lock_id: arbitraryId('lock'),
        callsign: arbitraryCallsign,
        ttl_ms: arbitraryTtl,
      },
      { requiredKeys: ['resource', 'lock_id', 'callsign'] },
    ),
  ),
  lock_released: withEnvelope(
    'lock_released',
    fc.record(
      {
        resource: arbitraryShortText,
        lock_id: arbitraryId('lock'),
        callsign: arbitraryCallsign,
        reason: arbitraryText,
      },
      { requiredKeys: ['resource', 'lock_id', 'callsign'] },
    ),
  ),
  cursor_moved: withEnvelope(
    'cursor_moved',
    fc.record({ consumer: arbitraryShortText, position: arbitraryCount }),
  ),
};

/** A valid input event of the given type, optional fields present or not. */
export function arbitraryEvent<T extends FleetEventType>(type: T): fc.Arbitrary<EventInputOf<T>> {
  return ARBITRARIES[type];
}

/** A valid input event of any type of the catalog. */
export function arbitraryFleetEvent(): fc.Arbitrary<FleetEventInput> {
  return fc.oneof(...EVENT_TYPES.map((type): fc.Arbitrary<FleetEventInput> => ARBITRARIES[type]));
}

export { arbitraryEventSequence } from './sequences.js';
