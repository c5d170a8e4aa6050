import { afterAll, describe, expect, test } from 'bun:test';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';

import { EventStore, createEvent, getActiveReservations } from '../../src/index.js';
import { LineReader, removeTempProjects, spawnFixture, tempProject } from '../fixtures/harness.js';

const PROJECT = '/race/project';
const CONTENDERS = 16;
const TIMEOUT_MS = 60_000;

afterAll(removeTempProjects);

interface Outcome {
  readonly ok: boolean;
  readonly code?: string;
  readonly token?: number;
  readonly released?: number;
}

/** Starts `count` race workers on one project, releases them at the same instant, and collects their outcomes. */
async function race(projectPath: string, mode: string, count: number): Promise<Outcome[]> {
  const workers = Array.from({ length: count }, (_, i) =>
    spawnFixture('race-worker.ts', [projectPath, PROJECT, `pilot-${i}`, mode]),
  );
  const readers = workers.map((worker) => new LineReader(worker.stdout));
  for (const reader of readers) expect(await reader.next()).toBe('ready');
  for (const worker of workers) {
    void worker.stdin.write('go\n');
    void worker.stdin.end();
  }
  const outcomes = await Promise.all(
    readers.map(async (reader) => JSON.parse((await reader.next()) ?? '{}') as Outcome),
  );
  await Promise.all(workers.map((worker) => worker.exited));
  return outcomes;
}

/** A project whose database exists (created once, so the race is about the rules, not about opening). */
async function preparedProject(setup: (store: EventStore) => Promise<unknown> = () => Promise.resolve()) {
  const projectPath = tempProject();
  const db = createFleetDb({ projectPath });
  await fleetDbReady(db);
  await setup(EventStore.fromDb(db));
  await closeFleetDb(db);
  return projectPath;
}

describe('coordination races between real processes', () => {
  // Invariant: 16 processes racing for one exclusive path yield exactly one holder; every other is refused and
  // its refusal is in the log.
  test(
    'sixteen_processes_one_exclusive_holder',
    async () => {
      const projectPath = await preparedProject();
      const outcomes = await race(projectPath, 'reserve', CONTENDERS);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.filter((o) => o.code === 'RESERVATION_CONFLICT')).toHaveLength(CONTENDERS - 1);
      const db = createFleetDb({ projectPath });
      try {
        expect(await getActiveReservations(db, PROJECT, { path: 'src/hot.ts' })).toHaveLength(1);
        const store = EventStore.fromDb(db);
        expect(await store.count(PROJECT, { types: ['file_reserved'] })).toBe(1);
        expect(await store.count(PROJECT, { types: ['file_conflict'] })).toBe(CONTENDERS - 1);
      } finally {
        await closeFleetDb(db);
      }
    },
    TIMEOUT_MS,
  );

  // Invariant: taking over an expired lock is atomic: of 16 contenders exactly one wins, with the next token.
  test(
    'expired_lock_takeover_has_one_winner',
    async () => {
      const projectPath = await preparedProject(async (store) => {
        await store.append(
          createEvent('pilot_registered', { project_key: PROJECT, callsign: 'old-holder' }),
          PROJECT,
        );
        await store.append(
          createEvent('lock_acquired', {
            project_key: PROJECT,
            resource: 'deploy',
            lock_id: 'lock-old',
            callsign: 'old-holder',
            ttl_ms: 1_000,
            timestamp: '2020-01-01T00:00:00.000Z',
          }),
          PROJECT,
        );
      });
      const outcomes = await race(projectPath, 'lock', CONTENDERS);
      const winners = outcomes.filter((o) => o.ok);
      expect(winners).toEqual([{ ok: true, token: 2 }]);
      expect(outcomes.filter((o) => o.code === 'LOCK_HELD')).toHaveLength(CONTENDERS - 1);
    },
    TIMEOUT_MS,
  );

  // Invariant: several processes reclaiming at once release each stale holding exactly once.
  test(
    'concurrent_reclaims_release_once',
    async () => {
      const projectPath = await preparedProject(async (store) => {
        const at = new Date(Date.now() - 2 * 3_600_000).toISOString(); // silent for two hours
        await store.appendMany(
          [
            createEvent('pilot_registered', {
              project_key: PROJECT,
              callsign: 'gone',
              ttl_ms: 1_000,
              timestamp: at,
            }),
            createEvent('file_reserved', {
              project_key: PROJECT,
              reservation_id: 'rsv-gone',
              callsign: 'gone',
              paths: ['a.ts', 'b.ts'],
              ttl_ms: 7 * 24 * 3_600_000,
              timestamp: at,
            }),
          ],
          PROJECT,
        );
      });
      const outcomes = await race(projectPath, 'reclaim', 4);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(outcomes.map((o) => o.released ?? 0).reduce((a, b) => a + b, 0)).toBe(1);
    },
    TIMEOUT_MS,
  );
});
