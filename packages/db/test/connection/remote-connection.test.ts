import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { createClient } from '@libsql/client';

import { RemoteConnection } from '../../src/connection/remote-connection.js';
import { DatabaseClosedError, DatabaseVersionError, MIGRATIONS_TABLE, SqlError } from '../../src/index.js';
import { SHIPPED_MIGRATIONS, failureOf, removeTempDirs, tempProject } from '../helpers.js';

afterAll(removeTempDirs);

/**
 * The port over `@libsql/client`, exercised through the client's own `file:` driver: no libSQL server can
 * run here, so this proves the adapter (rows, transactions, migrations, errors), not a server.
 */
function remoteOnFile(file = join(tempProject(), 'remote.db')): {
  connection: RemoteConnection;
  file: string;
} {
  const client = createClient({ url: pathToFileURL(file).href });
  return { connection: new RemoteConnection(client, file, (migrate) => migrate()), file };
}

describe('the port over @libsql/client', () => {
  test('migrates once, then reads and writes rows shaped as the local port’s', async () => {
    const { connection, file } = remoteOnFile();
    await connection.ready;
    expect(await connection.get({ sql: `SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}` })).toEqual({
      n: SHIPPED_MIGRATIONS,
    });
    expect(
      await connection.run({ sql: "INSERT INTO cursors VALUES ('/p', ?, 1, 'T')", args: ['a'] }),
    ).toEqual({
      changes: 1,
    });
    expect(await connection.all({ sql: 'SELECT consumer, position FROM cursors' })).toEqual([
      { consumer: 'a', position: 1 },
    ]);
    expect(await connection.values({ sql: "SELECT consumer, X'0102' AS b FROM cursors" })).toEqual([
      ['a', new Uint8Array([1, 2])],
    ]);
    await connection.close();
    const again = remoteOnFile(file).connection;
    await again.ready;
    expect(await again.get({ sql: `SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}` })).toEqual({
      n: SHIPPED_MIGRATIONS,
    });
    await again.close();
  });

  test('transactions commit, roll back on a throw, and run in turn', async () => {
    const { connection } = remoteOnFile();
    await connection.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'kept', 1, 'T')" });
      expect(await tx.all({ sql: 'SELECT consumer FROM cursors' })).toEqual([{ consumer: 'kept' }]);
      expect(await tx.values({ sql: 'SELECT position FROM cursors' })).toEqual([[1]]);
      expect(await tx.get({ sql: 'SELECT position FROM cursors' })).toEqual({ position: 1 });
    });
    const failed = connection.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'gone', 1, 'T')" });
      throw new Error('roll back');
    });
    expect(String(await failureOf(failed))).toContain('roll back');
    expect(await connection.inTurn(() => 'in turn')).toBe('in turn');
    expect(await connection.all({ sql: 'SELECT consumer FROM cursors' })).toEqual([{ consumer: 'kept' }]);
    await connection.close();
    expect(connection.closed).toBe(true);
    expect(await failureOf(connection.all({ sql: 'SELECT 1' }))).toBeInstanceOf(DatabaseClosedError);
  });

  test('a failing statement is a SqlError with the driver’s code', async () => {
    const { connection } = remoteOnFile();
    const failure = await failureOf(connection.run({ sql: 'INSERT INTO nowhere VALUES (1)' }));
    expect(failure).toBeInstanceOf(SqlError);
    expect(failure).toMatchObject({ code: 'DB_STATEMENT_FAILED', driverCode: 'SQLITE_ERROR' });
    const inside = await failureOf(
      connection.transaction('read', (tx) => tx.run({ sql: 'SELECT * FROM nowhere' })),
    );
    expect(inside).toBeInstanceOf(SqlError);
    await connection.close();
  });

  test('a schema ahead of this release is refused: every operation fails with DatabaseVersionError', async () => {
    const { connection, file } = remoteOnFile();
    await connection.run({
      sql: `INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES ('future', 99999999999999)`,
    });
    await connection.close();
    const newer = remoteOnFile(file).connection;
    expect(await failureOf(newer.ready)).toBeInstanceOf(DatabaseVersionError);
    expect(await failureOf(newer.get({ sql: 'SELECT 1' }))).toBeInstanceOf(DatabaseVersionError);
    await newer.close();
  });
});
