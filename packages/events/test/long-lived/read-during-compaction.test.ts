/**
 * Reading through the archive while another process compacts (specs §7.2): every segment moves in its own
 * transaction, between any two reads of this process. `count` with `include_archived` counts each event once
 * (live and archived read in one snapshot), and `query` with `include_archived` returns each once.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';

import { EventStore, takeSnapshot } from '../../src/index.js';
import { LineReader, removeTempProjects, tempProject } from '../fixtures/harness.js';
import { appendAll, mixedEvents } from './support.js';

afterAll(removeTempProjects);

const EVENTS = 600;
const WORKER = fileURLToPath(new URL('./compact-once-worker.ts', import.meta.url));

describe('reads through the archive during a compaction in another process', () => {
  test('count_and_query_with_archive_see_every_event_once', async () => {
    const projectPath = tempProject();
    const db = createFleetDb({ projectPath });
    await fleetDbReady(db);
    await appendAll(db, mixedEvents(EVENTS, 0, projectPath), 50, projectPath);
    await takeSnapshot(db, { projectKey: projectPath });
    const store = EventStore.fromDb(db);

    const worker = Bun.spawn(['bun', WORKER, projectPath], { stdout: 'pipe', stderr: 'inherit' });
    const done = new LineReader(worker.stdout).next();
    const counts: number[] = [];
    const lengths: number[] = [];
    let liveSeen = EVENTS;
    while (worker.exitCode === null) {
      counts.push(await store.count(projectPath, { include_archived: true }));
      lengths.push((await store.query({ project_key: projectPath, include_archived: true })).length);
      liveSeen = Math.min(liveSeen, await store.count(projectPath));
      // Reads of a local file settle without I/O: let the worker's exit be seen.
      await Bun.sleep(0);
    }
    expect(await done).toMatch(/^done \d+$/);
    expect(await worker.exited).toBe(0);

    // The reads overlapped the compaction: some saw part of the log archived.
    expect(counts.length).toBeGreaterThan(0);
    expect(liveSeen).toBeLessThan(EVENTS);
    expect(new Set(counts)).toEqual(new Set([EVENTS]));
    expect(new Set(lengths)).toEqual(new Set([EVENTS]));
    expect(await store.count(projectPath, { include_archived: true })).toBe(EVENTS);
    await closeFleetDb(db);
  });
});
