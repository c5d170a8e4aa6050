import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readMigrationFiles } from 'drizzle-orm/migrator';

import { retryOnBusy } from '../src/busy-retry.js';
import { closeFleetDb, createFleetDb, MIGRATIONS_FOLDER, MIGRATIONS_TABLE, SqlError } from '../src/index.js';
import { latestShippedMillis, shippedMigrations } from '../src/migrator.js';
import { firstValue, removeTempDirs, tempProject } from './helpers.js';

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
    expect(firstValue(await db.$client.all({ sql: `SELECT count(*) FROM ${MIGRATIONS_TABLE}` }))).toBe(
      shippedMigrations().length,
    );
    expect(firstValue(await db.$client.all({ sql: 'PRAGMA journal_mode' }))).toBe('wal');
    await closeFleetDb(db);
  }, 30_000);

  test('a database created by createFleetDb is current for drizzle (same table, hashes and times)', async () => {
    const projectPath = tempProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    const db = createFleetDb({ projectPath, readonly: true });
    const rows = await db.$client.values({
      sql: `SELECT hash, created_at FROM ${MIGRATIONS_TABLE} ORDER BY created_at`,
    });
    await closeFleetDb(db);
    expect(rows).toEqual(shippedMigrations().map((migration) => [migration.hash, migration.when]));
  });
});

describe('retryOnBusy', () => {
  const busy = new SqlError('SQLITE_BUSY', 'database is locked', 'BEGIN IMMEDIATE');

  test('retries SQLITE_BUSY with back-off until the step succeeds', () => {
    let calls = 0;
    const result = retryOnBusy(() => {
      calls += 1;
      if (calls < 4) throw busy;
      return 'done';
    }, 1000);
    expect(result).toBe('done');
    expect(calls).toBe(4);
  });

  test('gives up after the budget and rethrows the last error', () => {
    const started = Date.now();
    expect(() =>
      retryOnBusy(() => {
        throw busy;
      }, 0),
    ).toThrow(busy);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // never less than MIN_BUSY_RETRY_BUDGET_MS
  });

  test('rethrows any other error at once', () => {
    let calls = 0;
    const other = new Error('boom');
    expect(() =>
      retryOnBusy(() => {
        calls += 1;
        throw other;
      }, 1000),
    ).toThrow(other);
    expect(calls).toBe(1);
  });
});
