import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createClient } from '@libsql/client';
import { readMigrationFiles } from 'drizzle-orm/migrator';

import { retryOnBusy } from '../src/busy-retry.js';
import { closeFleetDb, createFleetDb, MIGRATIONS_FOLDER, MIGRATIONS_TABLE } from '../src/index.js';
import { latestShippedMillis, shippedMigrations } from '../src/migrator.js';
import { failureOf, firstValue, removeTempDirs, tempProject } from './helpers.js';

afterAll(removeTempDirs);

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('shipped migrations', () => {
  test('MIGRATIONS_FOLDER holds the journal and the SQL files', () => {
    expect(existsSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'))).toBe(true);
    for (const migration of shippedMigrations()) {
      expect(existsSync(join(MIGRATIONS_FOLDER, `${migration.tag}.sql`))).toBe(true);
    }
  });

  test('are read exactly as drizzle reads them (same order, times and hashes)', () => {
    const drizzles = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    expect(shippedMigrations().map(({ when, hash }) => ({ when, hash }))).toEqual(
      drizzles.map(({ folderMillis, hash }) => ({ when: folderMillis, hash })),
    );
    expect(shippedMigrations()).toBe(shippedMigrations()); // read once per process
    expect(latestShippedMillis()).toBe(Math.max(...drizzles.map((m) => m.folderMillis)));
  });

  // Invariant: `drizzle-kit migrate` and createFleetDb keep the same bookkeeping, so either may go first.
  test('a database migrated by `drizzle-kit migrate` opens as current; nothing is applied twice', async () => {
    const projectPath = tempProject();
    mkdirSync(join(projectPath, '.fleet'));
    const file = join(projectPath, '.fleet', 'fleet.db');
    const proc = Bun.spawn(['bunx', 'drizzle-kit', 'migrate'], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, FLEET_DB_URL: `file:${file}` },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    expect(await proc.exited).toBe(0);
    const db = createFleetDb({ projectPath });
    expect(firstValue(await db.$client.execute(`SELECT count(*) FROM ${MIGRATIONS_TABLE}`))).toBe(
      shippedMigrations().length,
    );
    expect(firstValue(await db.$client.execute('PRAGMA journal_mode'))).toBe('wal');
    await closeFleetDb(db);
  }, 30_000);

  test('a database created by createFleetDb is current for drizzle (same table, hashes and times)', async () => {
    const projectPath = tempProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    const raw = createClient({ url: `file:${projectPath}/.fleet/fleet.db` });
    const rows = await raw.execute(`SELECT hash, created_at FROM ${MIGRATIONS_TABLE} ORDER BY created_at`);
    raw.close();
    expect(rows.rows.map((row) => [row['hash'], row['created_at']])).toEqual(
      shippedMigrations().map((migration) => [migration.hash, migration.when]),
    );
  });
});

describe('retryOnBusy', () => {
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

  test('retries SQLITE_BUSY with back-off until the step succeeds', async () => {
    let calls = 0;
    const result = await retryOnBusy(() => {
      calls += 1;
      return calls < 4 ? Promise.reject(busy) : Promise.resolve('done');
    }, 1000);
    expect(result).toBe('done');
    expect(calls).toBe(4);
  });

  test('gives up after the budget and rethrows the last error', async () => {
    const started = Date.now();
    expect(await failureOf(retryOnBusy(() => Promise.reject(busy), 0))).toBe(busy);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // never less than MIN_BUSY_RETRY_BUDGET_MS
  });

  test('rethrows any other error at once', async () => {
    let calls = 0;
    const other = new Error('boom');
    const failure = await failureOf(
      retryOnBusy(() => {
        calls += 1;
        return Promise.reject(other);
      }, 1000),
    );
    expect(failure).toBe(other);
    expect(calls).toBe(1);
  });
});
