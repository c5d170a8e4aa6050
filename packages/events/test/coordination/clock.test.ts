import { afterAll, describe, expect, test } from 'bun:test';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';

import { EventStore, createEvent, getActiveReservations } from '../../src/index.js';
import { LineReader, removeTempProjects, spawnFixture, tempProject } from '../fixtures/harness.js';
import { failureOf } from '../support/failure.js';

const PROJECT = '/clock/project';
const HOUR = 3_600_000;

afterAll(removeTempProjects);

interface Outcome {
  readonly ok: boolean;
  readonly code?: string;
  readonly released?: number;
}

/**
 * A project where `alpha` (a live pilot, on the real clock) holds `src/hot.ts` for an hour and the lock `deploy`
 * for 60 s.
 */
async function heldProject(): Promise<string> {
  const projectPath = tempProject();
  const db = createFleetDb({ projectPath });
  await fleetDbReady(db);
  const store = EventStore.fromDb(db);
  const event = { project_key: PROJECT, callsign: 'alpha' };
  await store.append(createEvent('pilot_registered', event), PROJECT);
  await store.append(
    createEvent('file_reserved', { ...event, reservation_id: 'rsv-alpha', paths: ['src/hot.ts'] }),
    PROJECT,
  );
  await store.append(
    createEvent('lock_acquired', { ...event, resource: 'deploy', lock_id: 'lock-alpha' }),
    PROJECT,
  );
  await closeFleetDb(db);
  return projectPath;
}

/** Runs one pilot process whose clock is `offsetMs` off, and returns what it reported. */
async function skewed(
  projectPath: string,
  offsetMs: number,
  callsign: string,
  mode: string,
): Promise<Outcome> {
  const worker = spawnFixture('skewed-clock-worker.ts', [projectPath, PROJECT, callsign, mode], {
    FLEET_CLOCK_OFFSET_MS: String(offsetMs),
  });
  const line = await new LineReader(worker.stdout).next();
  await worker.exited;
  return JSON.parse(line ?? '{}') as Outcome;
}

describe("expiry is judged at the store's clock, never the caller's", () => {
  // Each case runs a real process whose Date is hours off: on the event's own timestamp it used to win.
  test.each([
    ['2 h ahead', 2 * HOUR],
    ['2 h behind', -2 * HOUR],
    ['61 s ahead (past the 60 s lock)', 61_000],
  ])(
    'a process %s is refused the file and the lock alpha holds',
    async (_name, offsetMs) => {
      const projectPath = await heldProject();
      expect(await skewed(projectPath, offsetMs, 'skewed-r', 'reserve')).toEqual({
        ok: false,
        code: 'RESERVATION_CONFLICT',
      });
      expect(await skewed(projectPath, offsetMs, 'skewed-l', 'lock')).toEqual({
        ok: false,
        code: 'LOCK_HELD',
      });
    },
    30_000,
  );

  test('reclaimStale from a process 10 min ahead releases nothing of a live pilot', async () => {
    const projectPath = await heldProject();
    expect(await skewed(projectPath, 10 * 60_000, 'reclaimer', 'reclaim')).toEqual({ ok: true, released: 0 });
    const db = createFleetDb({ projectPath });
    expect((await getActiveReservations(db, PROJECT)).map((r) => r.callsign)).toEqual(['alpha']);
    // Looking ahead explicitly is ignored too: only an earlier instant than the store's clock is taken.
    const store = EventStore.fromDb(db);
    expect(await store.reclaimStale({ projectKey: PROJECT, at: new Date(Date.now() + HOUR) })).toEqual([]);
    await closeFleetDb(db);
  }, 30_000);

  test("an event stamped 2099 does not take a live holder's file", async () => {
    const projectPath = await heldProject();
    const db = createFleetDb({ projectPath });
    const store = EventStore.fromDb(db);
    await store.append(createEvent('pilot_registered', { project_key: PROJECT, callsign: 'late' }), PROJECT);
    const future = createEvent('file_reserved', {
      project_key: PROJECT,
      reservation_id: 'rsv-late',
      callsign: 'late',
      paths: ['src/hot.ts'],
      timestamp: '2099-01-01T00:00:00.000Z',
    });
    expect(await failureOf(store.append(future, PROJECT))).toMatchObject({ code: 'RESERVATION_CONFLICT' });
    await closeFleetDb(db);
  });
});
