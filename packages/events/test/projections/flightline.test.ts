import { describe, expect, test } from 'bun:test';

import { getMission, getSortie } from '../../src/index.js';
import { PILOTS, PROJECT, T, registeredFleet } from './support.js';
import { onTarget, TARGETS } from '../support/target.js';

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('missions, sorties and work orders', () => {
    test('a mission with its sorties, through their whole lives', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('mission_created', { mission_id: 'mission-1', title: 'Ship X', created_by: 'lead' }, T(0));
      await append(
        'sortie_created',
        { sortie_id: 'sortie-a', mission_id: 'mission-1', title: 'A', files: ['a.ts'] },
        T(1),
      );
      await append('sortie_created', { sortie_id: 'sortie-b', mission_id: 'mission-1', title: 'B' }, T(2));
      await append('mission_started', { mission_id: 'mission-1', callsign: 'lead' }, T(3));
      await append('sortie_started', { sortie_id: 'sortie-a', callsign: 'viper-1' }, T(4));
      await append('sortie_progress', { sortie_id: 'sortie-a', callsign: 'viper-1', progress: 40 }, T(5));
      await append(
        'sortie_blocked',
        { sortie_id: 'sortie-a', callsign: 'viper-1', reason: 'waiting on B' },
        T(6),
      );
      expect(await getSortie(db, PROJECT, 'sortie-a')).toMatchObject({
        status: 'blocked',
        blocked_reason: 'waiting on B',
        progress: 40,
        assigned_to: 'viper-1',
        files: ['a.ts'],
      });
      await append('sortie_resumed', { sortie_id: 'sortie-a', callsign: 'viper-2' }, T(7));
      await append('sortie_completed', { sortie_id: 'sortie-a', callsign: 'viper-2', summary: 'done' }, T(8));
      await append('sortie_started', { sortie_id: 'sortie-b', callsign: 'viper-3' }, T(9));
      await append('sortie_failed', { sortie_id: 'sortie-b', callsign: 'viper-3', reason: 'flaky' }, T(10));
      await append('mission_completed', { mission_id: 'mission-1', summary: 'shipped' }, T(11));

      const mission = await getMission(db, PROJECT, 'mission-1');
      expect(mission).toMatchObject({
        title: 'Ship X',
        status: 'completed',
        created_by: 'lead',
        summary: 'shipped',
        created_at: T(0),
        started_at: T(3),
        completed_at: T(11),
      });
      expect(
        mission?.sorties.map((s) => [s.sortie_id, s.status, s.assigned_to, s.result, s.progress]),
      ).toEqual([
        ['sortie-a', 'completed', 'viper-2', 'done', 100],
        ['sortie-b', 'failed', 'viper-3', 'flaky', 0],
      ]);
      expect(mission?.sorties[0]).toMatchObject({
        started_at: T(4),
        completed_at: T(8),
        blocked_reason: null,
      });
      expect(await getMission(db, PROJECT, 'mission-none')).toBeNull();
      expect(await getSortie(db, PROJECT, 'sortie-none')).toBeNull();
    });

    test('a cancelled mission keeps its reason', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('mission_created', { mission_id: 'mission-2', title: 'Y' }, T(0));
      await append('mission_cancelled', { mission_id: 'mission-2', reason: 'dropped' }, T(1));
      expect(await getMission(db, PROJECT, 'mission-2')).toMatchObject({
        status: 'cancelled',
        summary: 'dropped',
        completed_at: T(1),
        sorties: [],
      });
    });

    test('a sortie with its work orders', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('sortie_created', { sortie_id: 'sortie-a', title: 'A' }, T(0));
      await append(
        'work_order_created',
        { work_order_id: 'wo-1', sortie_id: 'sortie-a', title: 'one' },
        T(1),
      );
      await append(
        'work_order_created',
        { work_order_id: 'wo-2', sortie_id: 'sortie-a', title: 'two' },
        T(2),
      );
      await append('work_order_started', { work_order_id: 'wo-1', callsign: 'viper-1' }, T(3));
      await append(
        'work_order_completed',
        { work_order_id: 'wo-1', callsign: 'viper-1', result: 'ok' },
        T(4),
      );
      await append('work_order_started', { work_order_id: 'wo-2', callsign: 'viper-2' }, T(5));
      await append('work_order_failed', { work_order_id: 'wo-2', callsign: 'viper-2', reason: 'no' }, T(6));
      const sortie = await getSortie(db, PROJECT, 'sortie-a');
      expect(
        sortie?.work_orders.map((w) => [w.work_order_id, w.status, w.assigned_to, w.result, w.completed_at]),
      ).toEqual([
        ['wo-1', 'completed', 'viper-1', 'ok', T(4)],
        ['wo-2', 'failed', 'viper-2', 'no', T(6)],
      ]);
    });

    test("a recovered pilot's unfinished sorties pass to the pilot that recovered them", async () => {
      const { db, append } = await registeredFleet(PILOTS);
      for (const id of ['sortie-a', 'sortie-b', 'sortie-c', 'sortie-d']) {
        await append('sortie_created', { sortie_id: id, title: id }, T(0));
      }
      await append('sortie_started', { sortie_id: 'sortie-a', callsign: 'lost' }, T(1));
      await append('sortie_started', { sortie_id: 'sortie-b', callsign: 'lost' }, T(1));
      await append('sortie_blocked', { sortie_id: 'sortie-b', callsign: 'lost', reason: 'x' }, T(2));
      await append('sortie_started', { sortie_id: 'sortie-c', callsign: 'lost' }, T(1));
      await append('sortie_completed', { sortie_id: 'sortie-c', callsign: 'lost' }, T(2));
      await append('sortie_started', { sortie_id: 'sortie-d', callsign: 'other' }, T(1));
      await append('fleet_recovered', { callsign: 'lost', recovered_by: 'rescuer' }, T(3));
      const owners = async () =>
        Promise.all(
          ['sortie-a', 'sortie-b', 'sortie-c', 'sortie-d'].map(
            async (id) => (await getSortie(db, PROJECT, id))?.assigned_to,
          ),
        );
      expect(await owners()).toEqual(['rescuer', 'rescuer', 'lost', 'other']);
      // Naming sorties recovers exactly those.
      await append(
        'fleet_recovered',
        { callsign: 'other', recovered_by: 'rescuer-2', sortie_ids: ['sortie-d', 'sortie-c'] },
        T(4),
      );
      expect(await owners()).toEqual(['rescuer', 'rescuer', 'rescuer-2', 'rescuer-2']);
    });
  });
});
