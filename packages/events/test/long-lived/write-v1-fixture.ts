/**
 * Writes `test/fixtures/v1-sortie-progress.db`: a FleetTools database as an older release would have left
 * it, whose `sortie_progress` events are at schema version 1 of a synthetic older shape (`percent`, a
 * fraction 0–1, where the current shape has `progress`, an integer 0–100). Run from packages/events:
 * `bun test/long-lived/write-v1-fixture.ts`. The file is committed; the upcasting test opens a copy.
 */
import { Database } from 'bun:sqlite';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';
import { createClient } from '@libsql/client';

/** The project key of the fixture. */
export const FIXTURE_PROJECT = '/fixture/v1';

const dir = mkdtempSync(join(tmpdir(), 'fleet-v1-fixture-'));
const db = createFleetDb({ projectPath: dir });
await fleetDbReady(db);
await closeFleetDb(db);
const file = join(dir, '.fleet', 'fleet.db');
const client = createClient({ url: `file:${file}`, concurrency: 1 });
const rows: [string, number, string, string, number, string, string][] = [
  [
    'evt-v1a',
    1,
    'pilot_registered',
    'pilot:viper-1',
    1,
    '2025-01-01T00:00:00.000Z',
    '{"callsign":"viper-1","ttl_ms":300000}',
  ],
  [
    'evt-v1b',
    2,
    'sortie_created',
    'sortie:sortie-v1',
    1,
    '2025-01-01T00:00:01.000Z',
    '{"sortie_id":"sortie-v1","title":"Old work"}',
  ],
  [
    'evt-v1c',
    3,
    'sortie_started',
    'sortie:sortie-v1',
    2,
    '2025-01-01T00:00:02.000Z',
    '{"sortie_id":"sortie-v1","callsign":"viper-1"}',
  ],
  [
    'evt-v1d',
    4,
    'sortie_progress',
    'sortie:sortie-v1',
    3,
    '2025-01-01T00:00:03.000Z',
    '{"sortie_id":"sortie-v1","callsign":"viper-1","percent":0.25}',
  ],
  [
    'evt-v1e',
    5,
    'sortie_progress',
    'sortie:sortie-v1',
    4,
    '2025-01-01T00:00:04.000Z',
    '{"sortie_id":"sortie-v1","callsign":"viper-1","percent":0.4,"note":"parser half done"}',
  ],
];
await client.batch(
  rows.map(([id, sequence, type, stream, version, timestamp, data]) => ({
    sql: `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data, metadata, schema_version)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)`,
    args: [id, FIXTURE_PROJECT, sequence, type, stream, version, timestamp, data],
  })),
  'write',
);
client.close();
// Small on disk: out of WAL, 1 KiB pages, vacuumed.
const sqlite = new Database(file);
sqlite.run('PRAGMA journal_mode = DELETE');
sqlite.run('PRAGMA page_size = 1024');
sqlite.run('VACUUM');
sqlite.close();
const target = fileURLToPath(new URL('../fixtures/v1-sortie-progress.db', import.meta.url));
copyFileSync(file, target);
rmSync(dir, { recursive: true, force: true });
console.log(`wrote ${target}`);
