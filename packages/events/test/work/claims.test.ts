import { describe, expect, test } from 'bun:test';

import {
  DependencyCycleError,
  NotReadyError,
  ReferenceNotFoundError,
  ReservationConflictError,
  UnauthorizedError,
  createEvent,
  getDependencyGraph,
  listReadySorties,
  replayEvents,
  sortiesByPilot,
  sortiesByStatus,
} from '../../src/index.js';
import { PROJECT, T, registeredFleet } from '../projections/support.js';
import { failureOf } from '../support/failure.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';
import { onTarget, TARGETS } from '../support/target.js';

const PILOTS = ['lead', 'viper-1', 'viper-2'];

/** A fleet with a mission `mission-m` whose sorties a→b→c (c waits for a and b), d alone and urgent. */
async function missionFleet() {
  const setup = await registeredFleet(PILOTS);
  const { append } = setup;
  await append('mission_created', { mission_id: 'mission-m', title: 'Parser' }, T(0));
  await append('sortie_created', { sortie_id: 'sortie-a', title: 'Lexer', mission_id: 'mission-m' }, T(1));
  await append(
    'sortie_created',
    { sortie_id: 'sortie-b', title: 'Grammar', mission_id: 'mission-m', depends_on: ['sortie-a'] },
    T(2),
  );
  await append(
    'sortie_created',
    { sortie_id: 'sortie-c', title: 'Tests', mission_id: 'mission-m', depends_on: ['sortie-a', 'sortie-b'] },
    T(3),
  );
  await append(
    'sortie_created',
    { sortie_id: 'sortie-d', title: 'Docs', mission_id: 'mission-m', priority: 0, files: ['docs/**'] },
    T(4),
  );
  return setup;
}

const ids = (sorties: readonly { sortie_id: string }[]) => sorties.map((s) => s.sortie_id);

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('ready and claim', () => {
    // Invariant: ready = pending, unassigned, every dependency completed; most urgent first, then oldest.
    test('ready_lists_unblocked_sorties_by_priority', async () => {
      const { db } = await missionFleet();
      expect(ids(await listReadySorties(db, PROJECT))).toEqual(['sortie-d', 'sortie-a']);
      expect(ids(await listReadySorties(db, PROJECT, { mission_id: 'mission-m', limit: 1 }))).toEqual([
        'sortie-d',
      ]);
    });

    // Invariant: a claim takes the most urgent ready sortie, starts it for the claimer, and the next claim
    // never gets it again; completing a dependency makes what waited for it ready.
    test('claims_follow_dependencies_and_priority', async () => {
      const { db, store, append } = await missionFleet();
      const first = await store.claim({ projectKey: PROJECT, callsign: 'viper-1', missionId: 'mission-m' });
      expect(first?.claimed).toMatchObject({
        type: 'sortie_claimed',
        sortie_id: 'sortie-d',
        callsign: 'viper-1',
      });
      const second = await store.claim({ projectKey: PROJECT, callsign: 'viper-2' });
      expect(String(second?.claimed.sortie_id)).toBe('sortie-a');
      expect(await store.claim({ projectKey: PROJECT, callsign: 'viper-2' })).toBeNull();
      await append('sortie_completed', { sortie_id: 'sortie-a', callsign: 'viper-2' }, T(5));
      expect(ids(await listReadySorties(db, PROJECT))).toEqual(['sortie-b']);
      const byStatus = await sortiesByStatus(db, PROJECT, 'mission-m');
      expect(ids(byStatus.in_progress)).toEqual(['sortie-d']);
      expect(ids(byStatus.completed)).toEqual(['sortie-a']);
      expect(ids(byStatus.pending)).toEqual(['sortie-b', 'sortie-c']);
      const byPilot = await sortiesByPilot(db, PROJECT);
      expect(Object.keys(byPilot)).toEqual(['viper-1', 'viper-2']);
      expect(ids(byPilot['viper-1'] ?? [])).toEqual(['sortie-d']);
    });

    // Invariant: a claim of a sortie that is not ready is refused, says why, and writes nothing.
    test('claim_of_a_waiting_sortie_is_refused_and_writes_nothing', async () => {
      const { store } = await missionFleet();
      const before = await store.getLatestSequence(PROJECT);
      const error = await failureOf(
        store.claim({ projectKey: PROJECT, callsign: 'viper-1', sortieId: 'sortie-c' }),
      );
      expect(error).toBeInstanceOf(NotReadyError);
      expect(error).toMatchObject({ code: 'NOT_READY', details: { waiting_for: ['sortie-a', 'sortie-b'] } });
      expect(
        await failureOf(store.claim({ projectKey: PROJECT, callsign: 'ghost', sortieId: 'sortie-a' })),
      ).toBeInstanceOf(UnauthorizedError);
      expect(await store.getLatestSequence(PROJECT)).toBe(before);
    });

    // Invariant: with `reserve`, the sortie's files are reserved in the same write; a ready sortie whose files
    // another pilot holds is passed over, and a named one is refused whole (no claim, no reservation, no record).
    test('claim_with_reserve_is_all_or_nothing', async () => {
      const { store, append } = await missionFleet();
      await append(
        'file_reserved',
        { reservation_id: 'rsv-docs', callsign: 'lead', paths: ['docs/a.md'] },
        T(5),
      );
      const before = await store.getLatestSequence(PROJECT);
      const error = await failureOf(
        store.claim({ projectKey: PROJECT, callsign: 'viper-1', sortieId: 'sortie-d', reserve: true }),
      );
      expect(error).toBeInstanceOf(ReservationConflictError);
      expect(await store.getLatestSequence(PROJECT)).toBe(before);
      const passed = await store.claim({ projectKey: PROJECT, callsign: 'viper-1', reserve: true });
      expect(String(passed?.claimed.sortie_id)).toBe('sortie-a');
      expect(passed?.reservation).toBeUndefined();
      await append('file_released', { reservation_id: 'rsv-docs', callsign: 'lead' }, T(6));
      const taken = await store.claim({
        projectKey: PROJECT,
        callsign: 'viper-2',
        reserve: true,
        reserveTtlMs: 60_000,
      });
      expect(taken?.claimed).toMatchObject({
        sortie_id: 'sortie-d',
        reservation_id: taken?.reservation?.reservation_id,
      });
      expect(taken?.reservation).toMatchObject({ callsign: 'viper-2', paths: ['docs/**'], ttl_ms: 60_000 });
    });
  });

  describe('dependencies', () => {
    // Invariant: a dependency that would close a cycle, or that names nothing, is refused and writes nothing.
    test('cycles_and_unknown_targets_are_refused', async () => {
      const { store, append } = await missionFleet();
      const before = await store.getLatestSequence(PROJECT);
      const cycle = await failureOf(
        append('sortie_dependency_added', { sortie_id: 'sortie-a', depends_on: ['sortie-c'] }, T(5)),
      );
      expect(cycle).toBeInstanceOf(DependencyCycleError);
      expect(cycle).toMatchObject({ code: 'DEPENDENCY_CYCLE', details: { id: 'sortie-a', via: 'sortie-c' } });
      const self = await failureOf(
        append('sortie_dependency_added', { sortie_id: 'sortie-d', depends_on: ['sortie-d'] }, T(5)),
      );
      expect(self).toBeInstanceOf(DependencyCycleError);
      const unknown = await failureOf(
        append('sortie_created', { sortie_id: 'sortie-e', title: 'E', depends_on: ['sortie-nope'] }, T(5)),
      );
      expect(unknown).toBeInstanceOf(ReferenceNotFoundError);
      expect(await store.getLatestSequence(PROJECT)).toBe(before);
      await append('sortie_dependency_added', { sortie_id: 'sortie-d', depends_on: ['sortie-c'] }, T(6));
      const next = await store.claim({ projectKey: PROJECT, callsign: 'viper-1' });
      expect(String(next?.claimed.sortie_id)).toBe('sortie-a');
    });

    // Invariant: a work order starts only once the work orders it depends on are completed; cycles refused.
    test('work_orders_wait_for_their_dependencies', async () => {
      const { append } = await missionFleet();
      await append(
        'work_order_created',
        { work_order_id: 'wo-1', sortie_id: 'sortie-a', title: 'One' },
        T(5),
      );
      await append(
        'work_order_created',
        { work_order_id: 'wo-2', sortie_id: 'sortie-a', title: 'Two', depends_on: ['wo-1'] },
        T(5),
      );
      expect(
        await failureOf(
          append('work_order_dependency_added', { work_order_id: 'wo-1', depends_on: ['wo-2'] }, T(6)),
        ),
      ).toBeInstanceOf(DependencyCycleError);
      const early = await failureOf(
        append('work_order_started', { work_order_id: 'wo-2', callsign: 'viper-1' }, T(6)),
      );
      expect(early).toMatchObject({
        code: 'NOT_READY',
        details: { entity: 'work order', waiting_for: ['wo-1'] },
      });
      await append('work_order_started', { work_order_id: 'wo-1', callsign: 'viper-1' }, T(7));
      await append('work_order_completed', { work_order_id: 'wo-1', callsign: 'viper-1' }, T(8));
      await append('work_order_started', { work_order_id: 'wo-2', callsign: 'viper-1' }, T(9));
    });

    // Invariant: the graph names each sortie's dependencies and readiness.
    test('dependency_graph_of_a_mission', async () => {
      const { db } = await missionFleet();
      const graph = await getDependencyGraph(db, PROJECT, 'mission-m');
      expect(graph.edges).toEqual([
        { sortie_id: 'sortie-b', depends_on: 'sortie-a' },
        { sortie_id: 'sortie-c', depends_on: 'sortie-a' },
        { sortie_id: 'sortie-c', depends_on: 'sortie-b' },
      ]);
      expect(graph.sorties.map((s) => [s.sortie_id, s.ready, s.depends_on.length])).toEqual([
        ['sortie-a', true, 0],
        ['sortie-b', false, 1],
        ['sortie-c', false, 2],
        ['sortie-d', true, 0],
      ]);
    });
  });

  describe('assignment', () => {
    // Invariant: an assigned sortie is not ready; only its assignee claims or starts it; only a registered
    // pilot is assigned, and only a pending sortie.
    test('assigned_sorties_belong_to_their_assignee', async () => {
      const { db, store, append } = await missionFleet();
      await append(
        'sortie_assigned',
        { sortie_id: 'sortie-d', callsign: 'viper-2', assigned_by: 'lead' },
        T(5),
      );
      expect(ids(await listReadySorties(db, PROJECT))).toEqual(['sortie-a']);
      expect(
        await failureOf(store.claim({ projectKey: PROJECT, callsign: 'viper-1', sortieId: 'sortie-d' })),
      ).toMatchObject({ code: 'NOT_READY', details: { reason: 'is assigned to viper-2' } });
      expect(
        await failureOf(append('sortie_started', { sortie_id: 'sortie-d', callsign: 'viper-1' }, T(6))),
      ).toBeInstanceOf(NotReadyError);
      expect(
        await failureOf(append('sortie_assigned', { sortie_id: 'sortie-a', callsign: 'ghost' }, T(6))),
      ).toBeInstanceOf(UnauthorizedError);
      const mine = await store.claim({ projectKey: PROJECT, callsign: 'viper-2', sortieId: 'sortie-d' });
      expect(String(mine?.claimed.callsign)).toBe('viper-2');
      expect(
        await failureOf(append('sortie_assigned', { sortie_id: 'sortie-d', callsign: 'viper-1' }, T(7))),
      ).toMatchObject({ code: 'NOT_READY', details: { reason: 'is in_progress, not pending' } });
    });

    // Invariant: a stale assignee's sorties go back to ready through reclaimStale, with an event saying why,
    // and another pilot claims them; a reclaim of a sortie its pilot does not hold is refused.
    test('stale_assignments_are_reclaimed', async () => {
      const { db, store, append } = await missionFleet();
      await append('pilot_registered', { callsign: 'lost', ttl_ms: 1000 }, T(-30));
      const lost = await store.claim({ projectKey: PROJECT, callsign: 'lost', sortieId: 'sortie-a' });
      expect(String(lost?.claimed.callsign)).toBe('lost');
      await append('sortie_assigned', { sortie_id: 'sortie-d', callsign: 'lost' }, T(5));
      const reclaimed = await store.reclaimStale({ projectKey: PROJECT });
      const events = reclaimed.filter((e) => e.type === 'sortie_reclaimed');
      expect(events.map((e) => String(e.sortie_id))).toEqual(['sortie-a', 'sortie-d']);
      expect(events[0]?.reason).toContain('reclaimed: lost silent since');
      expect(ids(await listReadySorties(db, PROJECT))).toEqual(['sortie-d', 'sortie-a']);
      const again = await store.claim({ projectKey: PROJECT, callsign: 'viper-1', sortieId: 'sortie-a' });
      expect(String(again?.claimed.callsign)).toBe('viper-1');
      expect(
        await failureOf(
          store.append(
            createEvent('sortie_reclaimed', {
              project_key: PROJECT,
              sortie_id: 'sortie-a',
              callsign: 'lost',
              reason: 'x',
            }),
            PROJECT,
          ),
        ),
      ).toBeInstanceOf(NotReadyError);
      const live = await projectionSnapshot(db, PROJECT);
      await replayEvents(db, { projectKey: PROJECT, useSnapshot: false });
      expect(await projectionSnapshot(db, PROJECT)).toEqual(live);
    });
  });
});
