/**
 * Crash tests of snapshots and compaction (specs §7.2): a process appending, snapshotting and compacting is
 * killed with SIGKILL at random instants; after each kill nothing is lost or doubled, every event is live or
 * archived exactly once, and replay from the snapshot equals a full replay from the archive.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';

import { EventStore, replayEvents } from '../../src/index.js';
import { LineReader, removeTempProjects, tempProject } from '../fixtures/harness.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';
import { rounds } from '../../../../scripts/test-rounds.js';

afterAll(removeTempProjects);

/** SIGKILL rounds: 10 under CI, 3 by default. */
const ROUNDS = rounds(10, 3);
const WORKER = fileURLToPath(new URL('./compact-worker.ts', import.meta.url));

describe('a process killed with SIGKILL while it snapshots and compacts', () => {
  // Invariant: a crash at any instant loses nothing: sequences 1..N are each stored exactly once, live or
  // archived, every acknowledged event is among them, and both replays agree.
  test('sigkill_mid_compaction_loses_nothing', async () => {
    const projectPath = tempProject();
    const setup = createFleetDb({ projectPath });
    await fleetDbReady(setup);
    await closeFleetDb(setup);
    let acked = 0;
    let compactedRounds = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const worker = Bun.spawn(['bun', WORKER, projectPath, String(round)], {
        stdout: 'pipe',
        stderr: 'inherit',
      });
      const output = new LineReader(worker.stdout);
      expect(await output.next()).toBe('started');
      const rest = output.rest();
      await Bun.sleep(80 + Math.random() * 400);
      worker.kill('SIGKILL');
      for (const line of await rest) {
        const [word, sequence] = line.split(' ');
        expect(word).toBe('ack');
        acked = Math.max(acked, Number(sequence));
      }
      await worker.exited;
      expect(worker.signalCode).toBe('SIGKILL');

      const db = createFleetDb({ projectPath });
      try {
        const client = db.$client;
        expect(await client.get({ sql: 'PRAGMA integrity_check' })).toEqual({ integrity_check: 'ok' });
        expect((await client.get({ sql: 'SELECT COUNT(*) AS n FROM compaction_permits' }))?.['n']).toBe(0);
        const store = EventStore.fromDb(db);
        const all = await store.query({ project_key: projectPath, include_archived: true });
        const sequences = all.map((event) => event.sequence);
        expect(sequences).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
        expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
        expect(all.length).toBeGreaterThanOrEqual(acked);
        if ((await store.count(projectPath)) < all.length) compactedRounds += 1;

        const live = await projectionSnapshot(db, projectPath);
        await replayEvents(db, { projectKey: projectPath });
        expect(await projectionSnapshot(db, projectPath)).toEqual(live);
        await replayEvents(db, { projectKey: projectPath, useSnapshot: false });
        expect(await projectionSnapshot(db, projectPath)).toEqual(live);
      } finally {
        await closeFleetDb(db);
      }
    }
    expect(compactedRounds).toBeGreaterThan(0);
  }, 60_000);
});
