import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { createClient } from '@libsql/client';

import { closeFleetDb, createFleetDb, cursorsTable, fleetDbReady, MIGRATIONS_TABLE } from '../src/index.js';
import { SHIPPED_MIGRATIONS, failureOf, firstValue, removeTempDirs, tempProject } from './helpers.js';

afterAll(removeTempDirs);

// @libsql/client 0.18.0 leaves a statement that failed with SQLITE_BUSY un-reset; every later COMMIT on
// that connection then fails with "cannot commit transaction - SQL statements in progress".
describe('a connection that met SQLITE_BUSY is replaced', () => {
  // Invariant: after a write timed out on another process's lock, the next write succeeds once the lock
  // is gone, on a connection that still carries every setting.
  test('busy_poisoned_connection_recovers', async () => {
    const projectPath = tempProject();
    // Two clients of one file in one process: open them one after the other (see README, "one client per
    // process": a busy wait blocks the thread, so two same-process writers must never wait on each other).
    const db = createFleetDb({ projectPath, busyTimeoutMs: 20, synchronous: 'full' });
    await fleetDbReady(db);
    const other = createFleetDb({ projectPath });
    await fleetDbReady(other);
    const holder = await other.$client.transaction('write');
    const row = { project_key: '/p', consumer: 'c', position: 1, updated_at: 'T' };
    expect(
      await failureOf(db.$client.batch(["INSERT INTO cursors VALUES ('/p', 'x', 1, 'T')"], 'write')),
    ).toMatchObject({ code: 'SQLITE_BUSY' });
    await holder.rollback();
    await db.batch([db.insert(cursorsTable).values(row)]);
    expect(await db.select().from(cursorsTable)).toEqual([row]);
    expect(firstValue(await db.$client.execute('PRAGMA synchronous'))).toBe(2);
    expect(firstValue(await db.$client.execute('PRAGMA busy_timeout'))).toBe(20);
    await Promise.all([closeFleetDb(db), closeFleetDb(other)]);
  });

  // Invariant: opening waits out (and retries past) a writer that holds the lock longer than the busy
  // timeout, then migrates on a fresh connection.
  test('open_retries_migration_past_a_held_lock', async () => {
    const projectPath = tempProject();
    mkdirSync(join(projectPath, '.fleet'));
    const raw = createClient({ url: `file:${projectPath}/.fleet/fleet.db` });
    await raw.execute('PRAGMA journal_mode = WAL');
    const holder = await raw.transaction('write');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        void holder.rollback().then(resolve);
      }, 150),
    );
    const db = createFleetDb({ projectPath, busyTimeoutMs: 20 });
    await fleetDbReady(db);
    await released;
    expect(firstValue(await db.$client.execute(`SELECT count(*) FROM ${MIGRATIONS_TABLE}`))).toBe(
      SHIPPED_MIGRATIONS,
    );
    await closeFleetDb(db);
    raw.close();
  });
});
