import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, test } from 'bun:test';

import { openFleet, initProject, type Fleet } from '../src/index.js';
import { tempDir } from './support/run.js';

const CLAIMER = fileURLToPath(new URL('./fixtures/claimer.ts', import.meta.url));

/** Starts a claimer process (see fixtures/claimer.ts). */
function claimer(root: string, callsign: string, mission: string, mode: 'work' | 'hold') {
  return Bun.spawn(['bun', CLAIMER, root, callsign, mission, mode], { stdout: 'pipe', stderr: 'pipe' });
}

/** A new project with a lead, and a mission of `count` sorties; sortie i waits for the sorties `deps(i)` names. */
async function missionOf(
  count: number,
  deps: (i: number) => number[],
): Promise<{ fleet: Fleet; mission: string; ids: string[] }> {
  const base = tempDir('fleet-claims-');
  cleanup.push(base.remove);
  const root = join(base.dir, 'project');
  mkdirSync(root);
  await initProject({ cwd: root, dir: root });
  const fleet = await openFleet({ cwd: root });
  const lead = await fleet.register({ callsign: 'lead' });
  lead.close();
  const { mission_id } = await lead.missions.create({ title: 'Split work' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const dependsOn = deps(i).map((j) => ids[j] ?? '');
    const created = await lead.sorties.create({
      title: `Part ${String(i)}`,
      missionId: mission_id,
      priority: i % 5,
      ...(dependsOn.length === 0 ? {} : { dependsOn }),
    });
    ids.push(created.sortie_id);
  }
  return { fleet, mission: mission_id, ids };
}

const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const remove of cleanup) remove();
});

describe('claims by real processes', () => {
  // Invariant: 16 processes claiming from one mission of 40 dependent sorties until none is left: each sortie
  // is claimed exactly once, never before every sortie it depends on was completed, and the log tells it in
  // order (created, claimed, completed).
  test('sixteen_claimers_take_each_sortie_once_after_its_dependencies', async () => {
    const deps = (i: number) => [i - 1, i - 3, i - 7].filter((j) => j >= 0 && (i + j) % 2 === 1);
    const { fleet, mission, ids } = await missionOf(40, deps);
    try {
      const procs = Array.from({ length: 16 }, (_, n) =>
        claimer(fleet.root, `claimer-${String(n)}`, mission, 'work'),
      );
      const outputs = await Promise.all(
        procs.map(async (proc) => {
          const [code, out, err] = await Promise.all([
            proc.exited,
            new Response(proc.stdout).text(),
            new Response(proc.stderr).text(),
          ]);
          expect(err).toBe('');
          expect(code).toBe(0);
          return out;
        }),
      );
      const printed = outputs.flatMap((out) => out.split('\n').filter((line) => line !== ''));
      expect(printed.length).toBe(40);
      expect(new Set(printed).size).toBe(40);

      const log = await fleet.store.query({ project_key: fleet.projectKey });
      const at = (type: string, id: string) =>
        log
          .filter((e) => e.type === type && 'sortie_id' in e && e.sortie_id === id)
          .map((e) => e.sequence ?? 0);
      for (const [i, id] of ids.entries()) {
        const [created] = at('sortie_created', id);
        const claimed = at('sortie_claimed', id);
        const completed = at('sortie_completed', id);
        expect(claimed.length).toBe(1);
        expect(completed.length).toBe(1);
        expect(created ?? 0).toBeLessThan(claimed[0] ?? 0);
        expect(claimed[0] ?? 0).toBeLessThan(completed[0] ?? 0);
        for (const j of deps(i))
          expect(at('sortie_completed', ids[j] ?? '')[0] ?? Infinity).toBeLessThan(claimed[0] ?? 0);
      }
      const claimers = new Set(log.flatMap((e) => (e.type === 'sortie_claimed' ? [e.callsign] : [])));
      expect(claimers.size).toBeGreaterThan(1);
      expect(await fleet.pilot('lead').ready({ missionId: mission })).toEqual([]);
    } finally {
      await fleet.close();
    }
  }, 120_000);

  // Invariant: a claimer killed with SIGKILL keeps its sortie until its TTL passes; then reclaimStale makes the
  // sortie ready again, with an event saying why, and another pilot claims it.
  test('a_killed_claimers_sortie_is_reclaimed_and_claimed_by_another', async () => {
    const { fleet, mission, ids } = await missionOf(2, () => []);
    try {
      const victim = claimer(fleet.root, 'victim', mission, 'hold');
      const reader = victim.stdout.getReader();
      const { value } = await reader.read();
      const line = new TextDecoder().decode(value).trim();
      expect(line).toBe(`claimed ${ids[0] ?? ''}`);
      victim.kill('SIGKILL');
      expect(await victim.exited).not.toBe(0);

      const rescuer = await fleet.register({ callsign: 'rescuer' });
      rescuer.close();
      expect((await rescuer.ready()).map((s) => s.sortie_id)).toEqual([ids[1] ?? '']);
      await Bun.sleep(1_200);
      const reclaimed = (await fleet.store.reclaimStale({ projectKey: fleet.projectKey })).filter(
        (e) => e.type === 'sortie_reclaimed',
      );
      expect(reclaimed).toMatchObject([{ sortie_id: ids[0], callsign: 'victim' }]);
      expect(reclaimed[0]?.type === 'sortie_reclaimed' ? reclaimed[0].reason : '').toStartWith(
        'reclaimed: victim silent since',
      );
      const claim = await rescuer.claim({ missionId: mission });
      expect(claim?.claimed).toMatchObject({ sortie_id: ids[0], callsign: 'rescuer' });
    } finally {
      await fleet.close();
    }
  }, 60_000);
});
