import { afterAll, describe, expect, test } from 'bun:test';
import { dirname } from 'node:path';

import { LibsqlError, type InStatement } from '@libsql/client';

import {
  beginDirectWrite,
  closeFleetDb,
  createFleetDb,
  createInMemoryDb,
  directConnectionOf,
  type DirectConnection,
  type DirectTransaction,
  fleetDbReady,
  type FleetDB,
  cursorsTable,
} from '../src/index.js';
import { sharesClientDriver } from '../src/native-driver.js';
import { failureOf, firstValue, removeTempDirs, tempProject } from './helpers.js';

afterAll(removeTempDirs);

const projectOf = new WeakMap<FleetDB, string>();

async function fileDb(busyTimeoutMs?: number): Promise<FleetDB> {
  const projectPath = tempProject();
  const db = createFleetDb({
    projectPath,
    synchronous: 'full',
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
  });
  await fleetDbReady(db);
  projectOf.set(db, projectPath);
  return db;
}

function directOf(db: FleetDB): DirectConnection {
  const direct = directConnectionOf(db.$client);
  if (direct === undefined) throw new Error('expected a direct connection on a file database');
  return direct;
}

async function begin(db: FleetDB): Promise<DirectTransaction> {
  const direct = await beginDirectWrite(db.$client);
  if (direct === undefined) throw new Error('expected a direct transaction on a file database');
  return direct;
}

const CURSOR = "INSERT INTO cursors (project_key, consumer, position, updated_at) VALUES ('/p', ?, ?, 'T')";

describe('beginDirectWrite', () => {
  // Invariant: the direct connection and the client run on ONE copy of the native driver, so SQLite sees
  // both connections of this process and their file locks cannot clobber each other.
  test('direct_connection_shares_the_clients_sqlite', () => {
    const ours = Bun.resolveSync('libsql', import.meta.dir);
    const clients = Bun.resolveSync('libsql', dirname(Bun.resolveSync('@libsql/client', import.meta.dir)));
    expect(ours).toBe(clients);
    // The package checks the same at run time, and opens no direct connection otherwise.
    expect(sharesClientDriver()).toBe(true);
  });

  test('only a read-write local file gets one', async () => {
    const memory = createInMemoryDb();
    expect(await beginDirectWrite(memory.$client)).toBeUndefined();
    const projectPath = tempProject();
    const db = createFleetDb({ projectPath });
    await fleetDbReady(db);
    const readonly = createFleetDb({ projectPath, readonly: true });
    expect(await beginDirectWrite(readonly.$client)).toBeUndefined();
    await Promise.all([closeFleetDb(memory), closeFleetDb(readonly), closeFleetDb(db)]);
    expect(await beginDirectWrite(db.$client)).toBeUndefined(); // closed
  });

  test('the connection carries every FleetTools setting', async () => {
    const db = await fileDb(1234);
    const direct = await begin(db);
    const settings = await direct.batch([
      'PRAGMA busy_timeout',
      'PRAGMA synchronous',
      'PRAGMA foreign_keys',
      'PRAGMA recursive_triggers',
      'PRAGMA journal_mode',
    ]);
    expect(settings.map((result) => firstValue(result))).toEqual([1234, 2, 1, 1, 'wal']);
    direct.close();
    await closeFleetDb(db);
  });
});

describe('DirectTransaction', () => {
  test('what it commits, the client reads; what it does not, never happened', async () => {
    const db = await fileDb();
    const kept = await begin(db);
    await kept.run([
      { sql: CURSOR, args: ['a', 1] },
      { sql: CURSOR, args: ['b', 2] },
    ]);
    expect(await kept.values('SELECT consumer, position FROM cursors ORDER BY consumer')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    await kept.commit();
    kept.close();
    kept.close(); // idempotent
    const dropped = await begin(db);
    await dropped.run([{ sql: CURSOR, args: ['c', 3] }]);
    dropped.close();
    // Once ended, a transaction runs nothing (never outside it, by mistake), not even in a later one, and
    // closing it again does not roll the later one back.
    expect(await failureOf(dropped.run([{ sql: CURSOR, args: ['d', 4] }]))).toMatchObject({
      code: 'TRANSACTION_CLOSED',
    });
    const later = await begin(db);
    expect(await failureOf(kept.run([{ sql: CURSOR, args: ['e', 5] }]))).toMatchObject({
      code: 'TRANSACTION_CLOSED',
    });
    dropped.close();
    kept.close();
    await later.run([{ sql: CURSOR, args: ['f', 6] }]);
    await later.commit();
    later.close();
    const read = await db.$client.execute('SELECT consumer FROM cursors ORDER BY consumer');
    expect(read.rows.map((row) => row.consumer)).toEqual(['a', 'b', 'f']);
    await closeFleetDb(db);
  });

  // Invariant: while a direct transaction is open, its own client fails at once (a write would wait on a lock
  // held by its own thread until the busy timeout), other connections wait and then get SQLITE_BUSY.
  test('it holds the write lock until it ends: other writers wait, then write', async () => {
    const db = await fileDb(50);
    const direct = await begin(db);
    expect(await failureOf(db.$client.batch([{ sql: CURSOR, args: ['x', 1] }], 'write'))).toMatchObject({
      code: 'TRANSACTION_ACTIVE',
    });
    expect(await failureOf(db.$client.execute('SELECT 1'))).toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    // The same connection refuses a second transaction at once; another client's waits, then gets SQLITE_BUSY.
    expect(await failureOf(begin(db))).toMatchObject({
      code: 'TRANSACTION_ACTIVE',
    });
    expect(await failureOf(directOf(db).batch([]))).toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    const other = createFleetDb({ projectPath: projectOf.get(db) ?? '', busyTimeoutMs: 50 });
    await fleetDbReady(other);
    const busy = await failureOf(begin(other));
    expect(busy).toBeInstanceOf(LibsqlError);
    expect(busy).toMatchObject({ code: 'SQLITE_BUSY' });
    direct.close();
    await db.$client.batch([{ sql: CURSOR, args: ['x', 1] }], 'write');
    // The other client's direct connection, closed by its failure, opens again for the next write.
    await directOf(other).batch([{ sql: CURSOR, args: ['y', 2] }]);
    await Promise.all([closeFleetDb(db), closeFleetDb(other)]);
  });

  test('results are shaped as the client shapes them', async () => {
    const db = await fileDb();
    await db.$client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n REAL, b BLOB)');
    const direct = await begin(db);
    const written = await direct.execute({
      sql: 'INSERT INTO t (s, n, b) VALUES (?, ?, ?)',
      args: ['x', 1.5, new Uint8Array([1, 2, 3]).buffer],
    });
    expect(written.rowsAffected).toBe(1);
    expect(written.lastInsertRowid).toBe(1n);
    await direct.run([
      { sql: 'INSERT INTO t (s, n, b) VALUES (?, ?, ?)', args: ['y', true, new Uint8Array([4])] },
      { sql: 'INSERT INTO t (s, n, b) VALUES (?, ?, ?)', args: ['z', new Date(5), null] },
    ]);
    const read = await direct.execute('SELECT id, s, n, b FROM t ORDER BY id');
    await direct.commit();
    direct.close();
    const expected = await db.$client.execute('SELECT id, s, n, b FROM t ORDER BY id');
    expect(read.columns).toEqual(expected.columns);
    expect(read.rows.map((row) => [...Array.from(row)])).toEqual(
      expected.rows.map((row) => [...Array.from(row)]),
    );
    expect(read.rows[0]?.s).toBe('x');
    expect(read.rows[0]?.b).toBeInstanceOf(ArrayBuffer);
    expect(read.rows[1]?.[2]).toBe(1); // true is bound as 1, as the client binds it
    expect(read.rows[2]?.[2]).toBe(5); // a Date is bound as its milliseconds
    expect(read.toJSON()).toMatchObject({ columns: ['id', 's', 'n', 'b'], rowsAffected: 0 });
    await closeFleetDb(db);
  });

  test('rows as values carry BLOBs as ArrayBuffers too', async () => {
    const db = await fileDb();
    await db.$client.execute('CREATE TABLE t (b BLOB)');
    const direct = await begin(db);
    await direct.run([{ sql: 'INSERT INTO t VALUES (?)', args: [new Uint8Array([7, 8])] }]);
    const [row] = await direct.values('SELECT b FROM t');
    expect(new Uint8Array(row?.[0] as ArrayBuffer)).toEqual(new Uint8Array([7, 8]));
    direct.close();
    await closeFleetDb(db);
  });

  test('driver errors are LibsqlErrors with the client codes; a failure ends the transaction', async () => {
    const db = await fileDb(50);
    const direct = await begin(db);
    await direct.run([{ sql: CURSOR, args: ['a', 1] }]);
    const duplicate = await failureOf(direct.run([{ sql: CURSOR, args: ['a', 1] }]));
    expect(duplicate).toBeInstanceOf(LibsqlError);
    expect(duplicate).toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      extendedCode: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    // The failure rolled everything back and ended the transaction: nothing more runs in it.
    expect(await failureOf(direct.run([{ sql: CURSOR, args: ['b', 2] }]))).toMatchObject({
      code: 'TRANSACTION_CLOSED',
    });
    direct.close();
    // The write lock is free at once: the client writes, and no row of the rolled-back transaction is there.
    await db.$client.batch([{ sql: CURSOR, args: ['after', 1] }], 'write');
    const consumers = await db.$client.execute('SELECT consumer FROM cursors');
    expect(consumers.rows.map((row) => row.consumer)).toEqual(['after']);
    await closeFleetDb(db);
  });

  const refused: [string, InStatement, object][] = [
    ['an unknown table', 'SELECT * FROM no_such_table', { code: 'SQLITE_ERROR' }],
    ['NaN', { sql: CURSOR, args: ['n', Number.NaN] }, RangeError],
    ['named arguments', { sql: CURSOR, args: { consumer: 'n' } }, TypeError],
  ];
  test.each(refused)('%s is refused', async (_, statement, expected) => {
    const db = await fileDb();
    const direct = await begin(db);
    const failure = await failureOf(direct.execute(statement));
    if (typeof expected === 'function') expect(failure).toBeInstanceOf(expected);
    else expect(failure).toMatchObject(expected);
    direct.close();
    await closeFleetDb(db);
  });
});

describe('DirectConnection.batch', () => {
  test('all or nothing, with the rows RETURNING gives', async () => {
    const db = await fileDb();
    const direct = directOf(db);
    const [inserted, updated] = await direct.batch([
      { sql: `${CURSOR} RETURNING position`, args: ['a', 7] },
      { sql: "UPDATE cursors SET position = position + 1 WHERE consumer = 'a'", args: [] },
    ]);
    expect(inserted?.rows[0]?.position).toBe(7);
    expect(inserted?.columns).toEqual(['position']);
    expect(updated?.rowsAffected).toBe(1);
    const failure = await failureOf(
      direct.batch([
        { sql: CURSOR, args: ['b', 1] },
        { sql: CURSOR, args: ['a', 1] }, // duplicate key: the whole batch is rolled back
      ]),
    );
    expect(failure).toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    const consumers = await db.$client.execute('SELECT consumer, position FROM cursors');
    expect(consumers.rows.map((row) => [row.consumer, row.position])).toEqual([['a', 8]]);
    // The failed batch was rolled back; the connection goes on.
    await direct.batch([{ sql: CURSOR, args: ['c', 1] }]);
    expect(await db.$count(cursorsTable)).toBe(2);
    await closeFleetDb(db);
  });

  test('the same connection for every call of a client, until closeFleetDb closes it', async () => {
    const db = await fileDb();
    expect(directConnectionOf(db.$client)).toBe(directOf(db));
    expect(directOf(db).isOpen).toBe(false); // opened on first use
    await directOf(db).batch([{ sql: CURSOR, args: ['a', 1] }]);
    expect(directOf(db).isOpen).toBe(true);
    await closeFleetDb(db);
    expect(directConnectionOf(db.$client)).toBeUndefined();
  });
});

describe('DirectConnection.read', () => {
  test('reads committed rows as plain objects, never inside its own open transaction', async () => {
    const db = await fileDb();
    const direct = directOf(db);
    await db.$client.execute({ sql: CURSOR, args: ['a', 1] }); // written by the client, read here
    expect(await direct.read({ sql: 'SELECT consumer, position FROM cursors', args: [] })).toEqual([
      { consumer: 'a', position: 1 },
    ]);
    const open = await begin(db);
    await open.run([{ sql: CURSOR, args: ['b', 2] }]);
    expect(await failureOf(direct.read('SELECT consumer FROM cursors'))).toMatchObject({
      code: 'TRANSACTION_ACTIVE',
    });
    await open.commit();
    open.close();
    expect(await direct.read('SELECT COUNT(*) AS n FROM cursors')).toEqual([{ n: 2 }]);
    // Past 512 distinct statements the oldest are let go, and prepared again when they come back.
    for (let i = 0; i < 600; i += 1) await direct.read(`SELECT ${String(i)} AS n`);
    expect(await direct.read('SELECT 0 AS n')).toEqual([{ n: 0 }]);
    // A read never keeps a snapshot: the same statement again sees what another connection wrote since.
    await db.$client.execute({ sql: CURSOR, args: ['c', 3] });
    expect(await direct.read('SELECT COUNT(*) AS n FROM cursors')).toEqual([{ n: 3 }]);
    await closeFleetDb(db);
  });
});
