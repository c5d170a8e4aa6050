import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, test } from 'bun:test';

import { closeFleetDb, createFleetDb } from '@fleettools/db';

import { EventStore, createEvent, replayEvents } from '../../src/index.js';
import { removeTempProjects, tempProject } from '../fixtures/harness.js';
import { failureOf } from '../support/failure.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';

afterAll(removeTempProjects);

/** Written by the release before the store enforced its invariants (see write-permissive-fixture.ts). */
const FIXTURE = fileURLToPath(new URL('../fixtures/permissive-log.db', import.meta.url));
const PROJECT = '/fixture/permissive';

function openFixture() {
  const projectPath = tempProject();
  mkdirSync(join(projectPath, '.fleet'));
  copyFileSync(FIXTURE, join(projectPath, '.fleet', 'fleet.db'));
  return createFleetDb({ projectPath });
}

describe('a log written under the old, permissive rules', () => {
  // Invariant: replay never re-decides. A log the rules would refuse today (a completed sortie started again,
  // references to nothing, a pilot that never registered, a double release, 65 brace alternatives, 20 brace
  // groups, a timestamp in 2099) replays to the state the older release built live, exactly.
  test('replays to the same state, and new appends are judged by the new rules', async () => {
    const db = openFixture();
    const store = EventStore.fromDb(db);
    expect(await store.count(PROJECT)).toBe(13);
    const live = await projectionSnapshot(db, PROJECT);
    expect(live.sorties).toMatchObject([{ sortie_id: 'sortie-1', status: 'in_progress' }]);
    const started = performance.now();
    const result = await replayEvents(db, { projectKey: PROJECT });
    expect(result.events).toBe(13);
    expect(await projectionSnapshot(db, PROJECT)).toEqual(live);
    expect(performance.now() - started).toBeLessThan(2_000);
    // New appends are judged by the new rules against that state: the lock stamped 2099 still binds (an
    // override release frees it), and the restarted sortie follows the table from where it is.
    await store.append(
      createEvent('pilot_registered', { project_key: PROJECT, callsign: 'viper-2' }),
      PROJECT,
    );
    expect(
      await failureOf(
        store.append(
          createEvent('lock_acquired', {
            project_key: PROJECT,
            resource: 'deploy',
            lock_id: 'lock-2',
            callsign: 'viper-2',
          }),
          PROJECT,
        ),
      ),
    ).toMatchObject({ code: 'LOCK_HELD' });
    expect(
      await failureOf(
        store.append(
          createEvent('sortie_started', { project_key: PROJECT, sortie_id: 'sortie-1', callsign: 'viper-2' }),
          PROJECT,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_TRANSITION' });
    await closeFleetDb(db);
  });
});
