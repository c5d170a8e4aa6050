import { afterAll, describe, expect, test } from 'bun:test';

import { sql } from 'drizzle-orm';

import { closeFleetDb, createFleetDb, createInMemoryDb, cursorsTable, SqlError } from '../../src/index.js';
import { StatementCache } from '../../src/connection/statement-cache.js';
import { removeTempDirs, tempProject } from '../helpers.js';

afterAll(removeTempDirs);

describe('binding values', () => {
  // libsql 0.5.29 takes a lone object argument as named parameters: `get(null)` throws and `run(buffer)`
  // aborts the process. Every value kind, alone and among others, must bind as one array.
  test('every kind binds alone and round-trips: null, integer, real, bigint, text, Buffer, Uint8Array', async () => {
    const db = createInMemoryDb();
    await db.$client.run({ sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v)' });
    const values = [
      null,
      42,
      0.1 + 0.2,
      2n ** 40n,
      'é\u0000x',
      Buffer.from([1, 2, 3]),
      new Uint8Array([4, 5]),
    ] as const;
    for (const value of values) {
      await db.$client.run({ sql: 'INSERT INTO t (v) VALUES (?)', args: [value] });
      expect(await db.$client.get({ sql: 'SELECT ? AS v', args: [value] })).toBeDefined();
    }
    const rows = await db.$client.values({ sql: 'SELECT v FROM t ORDER BY id' });
    expect(rows.map(([v]) => v)).toEqual([
      null,
      42,
      0.1 + 0.2,
      2 ** 40,
      'é\u0000x',
      new Uint8Array([1, 2, 3]),
      new Uint8Array([4, 5]),
    ]);
    await closeFleetDb(db);
  });

  test('Drizzle binds booleans, dates and a lone null through the same array', async () => {
    const db = createInMemoryDb();
    db.run(sql`CREATE TABLE t (v)`);
    db.run(sql`INSERT INTO t VALUES (${true})`);
    db.run(sql`INSERT INTO t VALUES (${new Date(5)})`);
    db.run(sql`INSERT INTO t VALUES (${null})`);
    expect(db.values(sql`SELECT v FROM t`)).toEqual([[1], [5], [null]]);
    let failure: unknown;
    try {
      db.run(sql`INSERT INTO t VALUES (${{ a: 1 }})`);
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).cause).toBeInstanceOf(TypeError);
    await closeFleetDb(db);
  });
});

describe('reading many rows', () => {
  test('rows keep their order, REAL precision, BLOBs and duplicate column names', async () => {
    const db = createInMemoryDb();
    await db.$client.run({ sql: 'CREATE TABLE t (n INTEGER, r REAL, b BLOB, s TEXT)' });
    for (let n = 0; n < 50; n += 1) {
      await db.$client.run({
        sql: 'INSERT INTO t VALUES (?, ?, ?, ?)',
        args: [n, n / 3, Buffer.from([n]), `{"r":"${String(n)}"}`],
      });
    }
    const rows = await db.$client.all({ sql: 'SELECT n, r, b, s FROM t ORDER BY n DESC LIMIT ?', args: [3] });
    expect(rows).toEqual([
      { n: 49, r: 49 / 3, b: new Uint8Array([49]), s: '{"r":"49"}' },
      { n: 48, r: 16, b: new Uint8Array([48]), s: '{"r":"48"}' },
      { n: 47, r: 47 / 3, b: new Uint8Array([47]), s: '{"r":"47"}' },
    ]);
    expect(await db.$client.values({ sql: 'SELECT 1 AS a, 2 AS a' })).toEqual([[1, 2]]);
    expect(await db.$client.all({ sql: 'SELECT 1 AS a, 2 AS a' })).toEqual([{ a: 1 }]);
    expect(await db.$client.all({ sql: 'SELECT 1 WHERE 0' })).toEqual([]);
    await closeFleetDb(db);
  });

  test('statements that cannot be a subquery still read every row (PRAGMA, RETURNING)', async () => {
    const db = createInMemoryDb();
    expect((await db.$client.all({ sql: 'PRAGMA table_info(cursors)' })).map((row) => row['name'])).toEqual([
      'project_key',
      'consumer',
      'position',
      'updated_at',
    ]);
    const inserted = await db
      .insert(cursorsTable)
      .values([
        { project_key: '/p', consumer: 'a', position: 1, updated_at: 'T' },
        { project_key: '/p', consumer: 'b', position: 2, updated_at: 'T' },
      ])
      .returning({ consumer: cursorsTable.consumer });
    expect(inserted).toEqual([{ consumer: 'a' }, { consumer: 'b' }]);
    await closeFleetDb(db);
  });

  test('a failing statement is a typed SqlError with SQLite’s code', async () => {
    const db = createInMemoryDb();
    const failure: unknown = await db.$client.all({ sql: 'SELECT * FROM nowhere' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SqlError);
    expect(failure).toMatchObject({ code: 'DB_STATEMENT_FAILED', driverCode: 'SQLITE_ERROR' });
    await closeFleetDb(db);
  });
});

describe('a statement that failed', () => {
  // The driver does not reset a failed statement: run again, it would fail again with its old values.
  test('is prepared anew: the same INSERT with new values succeeds after a constraint failure', async () => {
    const db = createInMemoryDb();
    const insert = "INSERT INTO cursors VALUES ('/p', ?, 1, 'T') RETURNING consumer";
    expect(await db.$client.get({ sql: insert, args: ['a'] })).toEqual({ consumer: 'a' });
    expect(await db.$client.get({ sql: insert, args: ['a'] }).catch((e: unknown) => e)).toMatchObject({
      driverCode: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    expect(await db.$client.get({ sql: insert, args: ['b'] })).toEqual({ consumer: 'b' });
    await closeFleetDb(db);
  });
});

describe('the statement cache', () => {
  test('each text is prepared once, and the cache never holds more than its capacity', () => {
    const cache = new StatementCache<string>(2);
    let prepared = 0;
    const prepare = (text: string): string => {
      prepared += 1;
      return text.toUpperCase();
    };
    expect(cache.get('a', prepare)).toBe('A');
    expect(cache.get('a', prepare)).toBe('A');
    cache.get('b', prepare);
    cache.get('c', prepare);
    expect(prepared).toBe(3);
    expect(cache.size).toBe(2);
    cache.get('a', prepare); // dropped as the oldest: prepared again
    expect(prepared).toBe(4);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

describe('a connection that met SQLITE_BUSY', () => {
  // The driver leaves the statement that met SQLITE_BUSY un-reset, and every later COMMIT on that connection
  // would fail ("SQL statements in progress"): the connection is reopened, with every setting.
  test('is reopened: the next write commits, and the settings hold', async () => {
    const projectPath = tempProject();
    const db = createFleetDb({ projectPath, busyTimeoutMs: 20, synchronous: 'full' });
    const other = createFleetDb({ projectPath, busyTimeoutMs: 20 });
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = other.$client.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'holder', 1, 'T')" });
      await held;
    });
    for (const attempt of [
      () => db.$client.transaction('write', () => Promise.resolve()),
      () => db.$client.run({ sql: "INSERT INTO cursors VALUES ('/p', 'x', 1, 'T')" }),
    ]) {
      expect(await attempt().catch((e: unknown) => e)).toMatchObject({ driverCode: 'SQLITE_BUSY' });
    }
    release();
    await holding;
    await db.$client.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'after', 2, 'T')" });
    });
    expect((await db.select().from(cursorsTable)).map((row) => row.consumer).sort()).toEqual([
      'after',
      'holder',
    ]);
    expect(await db.$client.get({ sql: 'PRAGMA synchronous' })).toEqual({ synchronous: 2 });
    expect(await db.$client.get({ sql: 'PRAGMA busy_timeout' })).toEqual({ timeout: 20 });
    await Promise.all([closeFleetDb(db), closeFleetDb(other)]);
  });
});
