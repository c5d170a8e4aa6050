import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import { initProject, openFleet } from '../src/index.js';
import { failureOf } from './support/failure.js';
import { tempDir } from './support/run.js';

const base = tempDir();
afterAll(base.remove);

describe('the Pilot handle: dependencies, assignment and the read models of the queue', () => {
  // Invariant: the Pilot verbs write the dependency and assignment events, and the read models show the graph,
  // the sorties by status and by pilot as the store holds them.
  test('graph, by status, by pilot, work-order dependencies', async () => {
    const root = join(base.dir, 'pilot');
    mkdirSync(root);
    await initProject({ cwd: root });
    const fleet = await openFleet({ cwd: root });
    const lead = await fleet.register({ callsign: 'lead' });
    const viper = await fleet.register({ callsign: 'viper-1' });
    try {
      const { mission_id } = await lead.missions.create({ title: 'M' });
      const a = await lead.sorties.create({ title: 'A', missionId: mission_id, priority: 1 });
      const b = await lead.sorties.create({ title: 'B', missionId: mission_id });
      expect(await lead.sorties.dependOn(b.sortie_id, [a.sortie_id])).toMatchObject({
        type: 'sortie_dependency_added',
        callsign: 'lead',
      });
      expect(await lead.sorties.assign(a.sortie_id, 'viper-1')).toMatchObject({ assigned_by: 'lead' });
      const graph = await lead.sorties.graph(mission_id);
      expect(graph.edges).toEqual([{ sortie_id: b.sortie_id, depends_on: a.sortie_id }]);
      expect(graph.sorties.map((s) => [s.title, s.ready, s.priority])).toEqual([
        ['A', false, 1],
        ['B', false, 2],
      ]);
      expect(String((await viper.claim({ sortieId: a.sortie_id }))?.claimed.callsign)).toBe('viper-1');
      expect((await lead.sorties.byStatus(mission_id)).in_progress.map((s) => s.title)).toEqual(['A']);
      expect(Object.keys(await lead.sorties.byPilot())).toEqual(['viper-1']);
      expect((await lead.sorties.list({ assignedTo: 'viper-1' })).map((s) => s.title)).toEqual(['A']);

      const one = await viper.workOrders.create(a.sortie_id, 'one');
      const two = await viper.workOrders.create(a.sortie_id, 'two', 'after one', [one.work_order_id]);
      expect(two.depends_on).toEqual([one.work_order_id]);
      const cycle = await failureOf(viper.workOrders.dependOn(one.work_order_id, [two.work_order_id]));
      expect(cycle).toMatchObject({ code: 'DEPENDENCY_CYCLE' });
      expect(await failureOf(viper.workOrders.start(two.work_order_id))).toMatchObject({ code: 'NOT_READY' });

      await lead.messages.send({ to: ['viper-1'], subject: 'plan', body: 'lexer first' });
      expect((await viper.search('lexer')).map((hit) => hit.subject)).toEqual(['plan']);
      expect(await lead.search('lexer', { limit: 1 })).toHaveLength(1);
    } finally {
      lead.close();
      viper.close();
      await fleet.close();
    }
  });
});
