import { afterAll, describe, expect, test } from 'bun:test';

import type { Client, Transaction } from '@libsql/client';

import {
  closeFleetDb,
  createFleetDb,
  cursorsTable,
  DEFAULT_BUSY_TIMEOUT_MS,
  fleetDbReady,
} from '../src/index.js';
import type { LocalDbOptions } from '../src/index.js';
import { failureOf, firstValue, removeTempDirs, tempProject } from './helpers.js';

afterAll(removeTempDirs);

interface Settings {
  journal_mode: unknown;
  busy_timeout: unknown;
  synchronous: unknown;
  foreign_keys: unknown;
  recursive_triggers: unknown;
}

const PRAGMAS = [
  'journal_mode',
  'busy_timeout',
  'synchronous',
  'foreign_keys',
  'recursive_triggers',
] as const;

async function settingsOf(runner: Client | Transaction): Promise<Settings> {
  const values = await Promise.all(
    PRAGMAS.map(async (name) => firstValue(await runner.execute(`PRAGMA ${name}`))),
  );
  return Object.fromEntries(PRAGMAS.map((name, i) => [name, values[i]])) as unknown as Settings;
}

// SQLite's synchronous levels: 1 = NORMAL, 2 = FULL.
const cases: [string, Omit<LocalDbOptions, 'projectPath'>, Settings][] = [
  [
    'defaults',
    {},
    {
      journal_mode: 'wal',
      busy_timeout: DEFAULT_BUSY_TIMEOUT_MS,
      synchronous: 1,
      foreign_keys: 1,
      recursive_triggers: 1,
    },
  ],
  [
    'busyTimeoutMs 1234, synchronous full',
    { busyTimeoutMs: 1234, synchronous: 'full' },
    { journal_mode: 'wal', busy_timeout: 1234, synchronous: 2, foreign_keys: 1, recursive_triggers: 1 },
  ],
];

describe.each(cases)('every connection carries the settings (%s)', (_, options, expected) => {
  // Invariant: whatever path a statement takes through @libsql/client (plain execute, interactive write
  // transaction, write batch), it runs on a connection with WAL, the busy timeout, synchronous and
  // foreign keys in force.
  test('on plain calls, inside and after a write transaction, inside and after a write batch', async () => {
    const db = createFleetDb({ projectPath: tempProject(), ...options });
    const client = db.$client;
    expect(await settingsOf(client)).toEqual(expected);

    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO cursors VALUES ('/p', 'tx', 1, '2025-01-01T00:00:00.000Z')");
    expect(await settingsOf(tx)).toEqual(expected);
    await tx.commit();
    expect(await settingsOf(client)).toEqual(expected);

    const results = await client.batch(
      [
        "INSERT INTO cursors VALUES ('/p', 'batch', 1, '2025-01-01T00:00:00.000Z')",
        ...PRAGMAS.map((p) => `PRAGMA ${p}`),
      ],
      'write',
    );
    expect(results.slice(1).map((result) => firstValue(result))).toEqual(PRAGMAS.map((p) => expected[p]));
    expect(await settingsOf(client)).toEqual(expected);
    await closeFleetDb(db);
  });
});

describe('one connection per client', () => {
  // Invariant: the client never opens a second (unconfigured) connection: while a transaction holds the
  // only one, other calls fail fast instead of running elsewhere.
  test('a call during an open interactive transaction fails with TRANSACTION_ACTIVE', async () => {
    const db = createFleetDb({ projectPath: tempProject() });
    const tx = await db.$client.transaction('write');
    expect(await failureOf(db.$client.execute('SELECT 1'))).toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    await tx.rollback();
    expect(firstValue(await db.$client.execute('SELECT 1'))).toBe(1);
    await closeFleetDb(db);
  });

  test('reconnect() opens a new connection and configures it again', async () => {
    const db = createFleetDb({ projectPath: tempProject(), synchronous: 'full', busyTimeoutMs: 777 });
    await db.$client.execute('PRAGMA synchronous = OFF');
    db.$client.reconnect();
    expect(await settingsOf(db.$client)).toEqual({
      journal_mode: 'wal',
      busy_timeout: 777,
      synchronous: 2,
      foreign_keys: 1,
      recursive_triggers: 1,
    });
    await closeFleetDb(db);
  });

  test('the other client methods pass through the gate', async () => {
    const db = createFleetDb({ projectPath: tempProject() });
    await db.$client.executeMultiple("INSERT INTO cursors VALUES ('/p', 'm', 1, 'x'); DELETE FROM cursors;");
    await db.$client.migrate(["INSERT INTO cursors VALUES ('/p', 'n', 2, 'y')"]);
    expect(firstValue(await db.$client.execute('SELECT count(*) FROM cursors WHERE position = ?', [2]))).toBe(
      1,
    );
    expect(firstValue(await db.$client.execute({ sql: 'SELECT ?', args: [5] }))).toBe(5);
    expect(await failureOf(db.$client.sync())).toBeDefined();
    await closeFleetDb(db);
  });
});

describe('batch mode', () => {
  // Invariant: a batch without an explicit mode (Drizzle's db.batch) takes the write lock up front
  // (BEGIN IMMEDIATE), so it waits for, rather than deadlocks with, another writer.
  test("db.batch() runs as a 'write' batch: it waits for another connection's write lock", async () => {
    const projectPath = tempProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    const db = createFleetDb({ projectPath, busyTimeoutMs: 50 });
    const other = createFleetDb({ projectPath });
    await Promise.all([fleetDbReady(db), fleetDbReady(other)]);
    const holder = await other.$client.transaction('write');
    const started = Date.now();
    const failure = await failureOf(db.batch([db.select().from(cursorsTable)]));
    expect(failure).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(await db.$client.batch(['SELECT 1'], 'deferred')).toHaveLength(1); // readers are never blocked
    await holder.rollback();
    expect(await db.batch([db.select().from(cursorsTable)])).toEqual([[]]);
    await Promise.all([closeFleetDb(db), closeFleetDb(other)]);
  });

  test('a read-only database batches in deferred mode', async () => {
    const projectPath = tempProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    const reader = createFleetDb({ projectPath, readonly: true });
    expect(await reader.batch([reader.select().from(cursorsTable)])).toEqual([[]]);
    await closeFleetDb(reader);
  });
});
