import { afterAll, describe, expect, test } from 'bun:test';

import { sql } from 'drizzle-orm';

import {
  closeFleetDb,
  createFleetDb,
  cursorsTable,
  DEFAULT_BUSY_TIMEOUT_MS,
  type LocalDbOptions,
  type SqlRunner,
} from '../src/index.js';
import { failureOf, firstValue, removeTempDirs, tempProject } from './helpers.js';

afterAll(removeTempDirs);

interface Settings {
  journal_mode: unknown;
  busy_timeout: unknown;
  synchronous: unknown;
  foreign_keys: unknown;
  recursive_triggers: unknown;
  journal_size_limit: unknown;
}

const PRAGMAS = [
  'journal_mode',
  'busy_timeout',
  'synchronous',
  'foreign_keys',
  'recursive_triggers',
  'journal_size_limit',
] as const;

async function settingsOf(runner: SqlRunner): Promise<Settings> {
  const values: unknown[] = [];
  for (const name of PRAGMAS) values.push(firstValue(await runner.all({ sql: `PRAGMA ${name}` })));
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
      journal_size_limit: 64 * 1024 * 1024,
    },
  ],
  [
    'busyTimeoutMs 1234, synchronous full',
    { busyTimeoutMs: 1234, synchronous: 'full' },
    {
      journal_mode: 'wal',
      busy_timeout: 1234,
      synchronous: 2,
      foreign_keys: 1,
      recursive_triggers: 1,
      journal_size_limit: 64 * 1024 * 1024,
    },
  ],
];

describe.each(cases)('the one connection carries the settings (%s)', (_, options, expected) => {
  test('on plain calls, inside and after a write transaction, and under Drizzle', async () => {
    const db = createFleetDb({ projectPath: tempProject(), ...options });
    expect(await settingsOf(db.$client)).toEqual(expected);
    await db.$client.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'tx', 1, '2025-01-01T00:00:00.000Z')" });
      expect(await settingsOf(tx)).toEqual(expected);
    });
    expect(await settingsOf(db.$client)).toEqual(expected);
    expect(db.all(sql`PRAGMA busy_timeout`)).toEqual([{ timeout: expected.busy_timeout }]);
    expect(await db.select().from(cursorsTable)).toHaveLength(1);
    await closeFleetDb(db);
  });
});

describe('a read-only database', () => {
  test('reads, and refuses every write', async () => {
    const projectPath = tempProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    const reader = createFleetDb({ projectPath, readonly: true });
    expect(await reader.select().from(cursorsTable)).toEqual([]);
    expect(firstValue(await reader.$client.all({ sql: 'PRAGMA query_only' }))).toBe(1);
    expect(
      await failureOf(reader.$client.run({ sql: "INSERT INTO cursors VALUES ('/p', 'c', 1, 'T')" })),
    ).toMatchObject({ code: 'DB_STATEMENT_FAILED', driverCode: 'SQLITE_READONLY' });
    await closeFleetDb(reader);
  });
});
