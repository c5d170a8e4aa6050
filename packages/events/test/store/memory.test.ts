import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeFleetDb, createFleetDb } from '@fleettools/db';

import { EventStore, createEvent } from '../../src/index.js';

/**
 * Memory stays flat (a stress test): appends and reads in one process, RSS after a full collection compared
 * with where it was after the first 1,000. 100,000 of each when `CI` is set; 25,000 otherwise, which still
 * catches the leak this guards against (libsql's `.all()`: about 2.5 KiB per append and read, 60 MiB here).
 * On a file: an in-memory database grows by its own data (about 40 MiB per 100,000 events).
 */
const OPERATIONS = process.env['CI'] === undefined ? 25_000 : 100_000;
const WARM_UP = 1_000;
const ALLOWED_GROWTH_MIB = 32;

function rssAfterCollection(): number {
  Bun.gc(true);
  return process.memoryUsage().rss / 1024 / 1024;
}

const project = mkdtempSync(join(tmpdir(), 'fleet-memory-'));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('memory under a long run', () => {
  test(`stays within ${String(ALLOWED_GROWTH_MIB)} MiB over ${String(OPERATIONS)} appends and reads`, async () => {
    const db = createFleetDb({ projectPath: project });
    const store = EventStore.fromDb(db);
    let baseline = 0;
    for (let i = 1; i <= OPERATIONS; i += 1) {
      await store.append(
        createEvent('pilot_active', { project_key: '/p', callsign: 'viper-1', note: `beat ${String(i)}` }),
        '/p',
      );
      const page = await store.query({ project_key: '/p', after_sequence: i - 1, limit: 10 });
      expect(page.length).toBe(1);
      if (i === WARM_UP) baseline = rssAfterCollection();
    }
    const grown = rssAfterCollection() - baseline;
    expect(grown).toBeLessThan(ALLOWED_GROWTH_MIB);
    expect(await store.count('/p')).toBe(OPERATIONS);
    await closeFleetDb(db);
  }, 300_000);
});
