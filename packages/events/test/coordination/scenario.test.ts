import { afterAll, describe, expect, test } from 'bun:test';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';

import { EventStore, getActiveReservations } from '../../src/index.js';
import { LineReader, removeTempProjects, spawnFixture, tempProject } from '../fixtures/harness.js';

const PROJECT = '/scenario/project';
const PILOTS = 8;

afterAll(removeTempProjects);

describe('a fleet of real pilot processes', () => {
  // Invariant: pilots that race for files never share an exclusive one; a pilot killed mid-work keeps its files
  // only until reclaim frees them, and the log tells the story in order.
  test('eight_pilots_one_killed_reclaim_frees_its_files', async () => {
    const projectPath = tempProject();
    const setup = createFleetDb({ projectPath });
    await fleetDbReady(setup);
    await closeFleetDb(setup);

    const pilots = Array.from({ length: PILOTS }, (_, i) =>
      spawnFixture('scenario-pilot.ts', [projectPath, PROJECT, `pilot-${i}`]),
    );
    const readers = pilots.map((pilot) => new LineReader(pilot.stdout));
    for (const reader of readers) expect(await reader.next()).toBe('ready');
    for (const pilot of pilots) {
      void pilot.stdin.write('go\n');
      void pilot.stdin.end();
    }
    // pilot-0 dies with SIGKILL in the middle of its work, holding its reservations.
    const [victim, ...survivors] = pilots;
    const [victimReader, ...survivorReaders] = readers;
    if (victim === undefined || victimReader === undefined) throw new Error('no pilots');
    expect(await victimReader.next()).toBe('working');
    victim.kill('SIGKILL');
    expect(await victim.exited).not.toBe(0);
    const outcomes = await Promise.all(
      survivorReaders.map(async (reader) => {
        expect(await reader.next()).toBe('working');
        return JSON.parse((await reader.next()) ?? '{}') as { shared: string };
      }),
    );
    await Promise.all(survivors.map((pilot) => pilot.exited));

    const db = createFleetDb({ projectPath });
    try {
      const store = EventStore.fromDb(db);
      // Racing for src/shared.ts: at most one pilot held it at any time, so someone was refused.
      expect(await store.count(PROJECT, { types: ['file_conflict'] })).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.shared === 'denied').length).toBeGreaterThan(0);

      // The dead pilot still holds its folder (and maybe src/shared.ts) until reclaim.
      const held = await getActiveReservations(db, PROJECT);
      expect(held.length).toBeGreaterThan(0);
      expect(new Set(held.map((r) => r.callsign))).toEqual(new Set(['pilot-0']));

      // Before its TTL passes, reclaim frees nothing; after, everything it held.
      expect(await store.reclaimStale({ projectKey: PROJECT, at: new Date(Date.now() - 60_000) })).toEqual(
        [],
      );
      await Bun.sleep(1_600);
      const released = await store.reclaimStale({ projectKey: PROJECT });
      const releases = released.filter((e) => e.type === 'file_released');
      expect(releases.length).toBe(new Set(held.map((r) => r.reservation_id)).size);
      // Its sortie, started and never finished, is ready again (after its releases, in the same write).
      expect(released.filter((e) => e.type === 'sortie_reclaimed').map((e) => String(e.sortie_id))).toEqual([
        'sortie-pilot-0',
      ]);
      expect(await getActiveReservations(db, PROJECT)).toEqual([]);

      // The log tells pilot-0's story in order: registered, reserved, worked, reclaimed.
      const story = (await store.query({ project_key: PROJECT, stream_id: 'pilot:pilot-0' })).map(
        (e) => e.type,
      );
      expect(story[0]).toBe('pilot_registered');
      const victimEvents = (await store.query({ project_key: PROJECT })).filter(
        (e) => 'callsign' in e && e.callsign === 'pilot-0',
      );
      const types = victimEvents.map((e) => e.type);
      expect(types.indexOf('file_reserved')).toBeGreaterThan(types.indexOf('pilot_registered'));
      expect(types.slice(-2)).toEqual(['file_released', 'sortie_reclaimed']);
      const last = victimEvents.at(-1);
      expect(last?.type === 'sortie_reclaimed' ? last.reason : undefined).toStartWith(
        'reclaimed: pilot-0 silent since',
      );
    } finally {
      await closeFleetDb(db);
    }
  }, 60_000);
});
