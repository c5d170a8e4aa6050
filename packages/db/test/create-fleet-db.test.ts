import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PathValidationError } from '@fleettools/core';
import Database from 'libsql';

import {
  closeFleetDb,
  createFleetDb,
  cursorsTable,
  DatabaseClosedError,
  DatabaseMigrationError,
  DatabaseOpenError,
  DatabaseOptionsError,
  DatabaseVersionError,
  eventsTable,
  fleetDbReady,
  MIGRATIONS_TABLE,
} from '../src/index.js';
import type { CreateDbOptions, FleetDB } from '../src/index.js';
import {
  SHIPPED_MIGRATIONS,
  failureOf,
  firstValue,
  queryFailureOf,
  removeTempDirs,
  tempProject,
} from './helpers.js';

afterAll(removeTempDirs);

const cursor = { project_key: '/p', consumer: 'c', position: 1, updated_at: '2025-01-09T14:30:00.000Z' };

/** Runs one statement on the project's file with a connection of its own (the test's "other program"). */
function rawSql(projectPath: string, statement: string): unknown[] {
  mkdirSync(join(projectPath, '.fleet'), { recursive: true });
  const raw = new Database(join(projectPath, '.fleet', 'fleet.db'));
  try {
    const prepared = raw.prepare(statement);
    if (!prepared.reader) {
      prepared.run([]);
      return [];
    }
    return prepared.all([]).map((row) => {
      const columns = { ...(row as Record<string, unknown>) };
      Reflect.deleteProperty(columns, '_metadata');
      return columns;
    });
  } finally {
    raw.close();
  }
}

/** What `work` throws; fails the test when it returns. */
function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function pragma(db: FleetDB, name: string): Promise<unknown> {
  return firstValue(await db.$client.all({ sql: `PRAGMA ${name}` }));
}

describe('createFleetDb', () => {
  test('the spec snippet works: the first query succeeds on a brand-new project', async () => {
    const projectPath = tempProject();
    const db = createFleetDb({ projectPath });
    expect(await db.select().from(eventsTable).limit(1)).toEqual([]);
    expect(existsSync(join(projectPath, '.fleet', 'fleet.db'))).toBe(true);
    await closeFleetDb(db);
  });

  test('is synchronous: .fleet/ and the file exist when it returns', async () => {
    const projectPath = tempProject();
    const db = createFleetDb({ projectPath, filename: 'other.db' });
    expect(existsSync(join(projectPath, '.fleet', 'other.db'))).toBe(true);
    await closeFleetDb(db);
  });

  // A new file gives the pages compaction frees back to the disk; a file made before keeps its mode (changing it
  // needs a VACUUM) and reuses its free pages.
  test('a new file is created with auto_vacuum=INCREMENTAL; an older file keeps its mode', async () => {
    const projectPath = tempProject();
    const db = createFleetDb({ projectPath });
    expect(await db.$client.all({ sql: 'PRAGMA auto_vacuum' })).toEqual([{ auto_vacuum: 2 }]);
    await closeFleetDb(db);
    const olderPath = tempProject();
    mkdirSync(join(olderPath, '.fleet'));
    const older = new Database(join(olderPath, '.fleet', 'fleet.db'));
    older.exec('CREATE TABLE made_before (x)');
    older.close();
    const reopened = createFleetDb({ projectPath: olderPath });
    expect(await reopened.$client.all({ sql: 'PRAGMA auto_vacuum' })).toEqual([{ auto_vacuum: 0 }]);
    await closeFleetDb(reopened);
  });

  test('attaches the schema (db.query.*) and exposes the libSQL client', async () => {
    const db = createFleetDb({ projectPath: tempProject() });
    await db.insert(cursorsTable).values(cursor);
    expect(await db.query.cursorsTable.findFirst()).toEqual(cursor);
    expect(db.$client.kind).toBe('local');
    await closeFleetDb(db);
  });

  test('a second open of the same project keeps the data and applies nothing again', async () => {
    const projectPath = tempProject();
    const first = createFleetDb({ projectPath });
    await first.insert(cursorsTable).values(cursor);
    await closeFleetDb(first);
    const second = createFleetDb({ projectPath });
    expect(await second.select().from(cursorsTable)).toEqual([cursor]);
    expect(firstValue(await second.$client.all({ sql: `SELECT count(*) FROM ${MIGRATIONS_TABLE}` }))).toBe(
      SHIPPED_MIGRATIONS,
    );
    await closeFleetDb(second);
  });

  test('fleetDbReady resolves once settings and schema are in place', async () => {
    const db = createFleetDb({ projectPath: tempProject() });
    await fleetDbReady(db);
    expect(await pragma(db, 'journal_mode')).toBe('wal');
    await closeFleetDb(db);
  });

  test('closeFleetDb closes the client and is idempotent', async () => {
    const db = createFleetDb({ projectPath: tempProject() });
    await closeFleetDb(db);
    expect(db.$client.closed).toBe(true);
    await closeFleetDb(db);
    expect(await queryFailureOf(db.select().from(eventsTable))).toBeInstanceOf(DatabaseClosedError);
    expect(await failureOf(db.$client.all({ sql: 'SELECT 1' }))).toMatchObject({ code: 'DB_CLOSED' });
  });
});

describe('projectPath and filename are validated before anything is created', () => {
  test('a missing directory: PathValidationError, nothing created', () => {
    const missing = join(tempProject(), 'nope');
    expect(() => createFleetDb({ projectPath: missing })).toThrow(PathValidationError);
    expect(existsSync(missing)).toBe(false);
  });

  test('a file instead of a directory: PathValidationError', () => {
    const file = join(tempProject(), 'file.txt');
    writeFileSync(file, 'x');
    expect(() => createFleetDb({ projectPath: file })).toThrow(/not a directory/);
  });

  test.each([['../escape.db'], ['a/b.db'], ['..'], [''], ['bad\u0000.db']])(
    'filename %p is rejected',
    (filename) => {
      const projectPath = tempProject();
      expect(() => createFleetDb({ projectPath, filename })).toThrow(PathValidationError);
      expect(readdirSync(projectPath)).toEqual([]);
    },
  );
});

describe('other options are validated', () => {
  const bad: [string, unknown][] = [
    ['not an object', 'fleet.db'],
    ['null', null],
    ['neither projectPath nor url', {}],
    ['busyTimeoutMs negative', { busyTimeoutMs: -1 }],
    ['busyTimeoutMs fractional', { busyTimeoutMs: 1.5 }],
    ['busyTimeoutMs a string', { busyTimeoutMs: '5000' }],
    ['synchronous unknown', { synchronous: 'off' }],
    ['readonly not boolean', { readonly: 'yes' }],
    ['an unknown key (typo)', { busyTimeout: 10 }],
    ['url with projectPath', { url: 'libsql://db.example.com' }],
    ['url with a file scheme', { url: 'file:/tmp/x.db', projectPath: undefined }],
    ['url without host', { url: 'https://', projectPath: undefined }],
    ['url not a string', { url: 42, projectPath: undefined }],
    ['authToken empty', { url: 'libsql://db.example.com', authToken: '', projectPath: undefined }],
    ['authToken with a local project', { authToken: 'secret' }],
  ];

  test.each(bad)('%s: DatabaseOptionsError, nothing created', (_, extra) => {
    const projectPath = tempProject();
    const options =
      typeof extra === 'object' && extra !== null && Object.keys(extra).length > 0
        ? { projectPath, ...extra }
        : extra;
    expect(() => createFleetDb(options as CreateDbOptions)).toThrow(DatabaseOptionsError);
    expect(readdirSync(projectPath)).toEqual([]);
  });

  test('the error names the option and is a FleetError with a stable code', () => {
    try {
      createFleetDb({ projectPath: tempProject(), synchronous: 'off' as 'full' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DatabaseOptionsError);
      expect(error).toMatchObject({
        code: 'DB_OPTIONS_INVALID',
        details: { option: 'synchronous', input: 'off' },
      });
    }
  });

  test('authToken is never echoed in the error', () => {
    const failure = (() => {
      try {
        createFleetDb({ url: 'libsql://db.example.com', authToken: 7 as unknown as string });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toMatchObject({ code: 'DB_OPTIONS_INVALID', details: { input: '<redacted>' } });
  });
});

describe('readonly', () => {
  test('opens an existing database; reads work, writes fail', async () => {
    const projectPath = tempProject();
    const writer = createFleetDb({ projectPath });
    await writer.insert(cursorsTable).values(cursor);
    await closeFleetDb(writer);
    const reader = createFleetDb({ projectPath, readonly: true });
    expect(await reader.select().from(cursorsTable)).toEqual([cursor]);
    expect(await pragma(reader, 'query_only')).toBe(1);
    expect(
      await queryFailureOf(reader.insert(cursorsTable).values({ ...cursor, consumer: 'd' })),
    ).toMatchObject({
      code: 'DB_STATEMENT_FAILED',
      driverCode: 'SQLITE_READONLY',
    });
    await closeFleetDb(reader);
  });

  test('a database that does not exist: DatabaseOpenError, nothing created', () => {
    const projectPath = tempProject();
    expect(() => createFleetDb({ projectPath, readonly: true })).toThrow(DatabaseOpenError);
    expect(() => createFleetDb({ projectPath, readonly: true })).toThrow(/does not exist/);
    expect(readdirSync(projectPath)).toEqual([]);
  });

  test('a database behind the shipped migrations: DatabaseMigrationError, left untouched', () => {
    const projectPath = tempProject();
    rawSql(projectPath, 'CREATE TABLE unrelated (x)');
    expect(() => createFleetDb({ projectPath, readonly: true })).toThrow(DatabaseMigrationError);
    expect(rawSql(projectPath, "SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([
      { name: 'unrelated' },
    ]);
  });
});

describe('remote server (url)', () => {
  test('needs no projectPath; an unreachable server rejects the first call with DatabaseOpenError', async () => {
    const db = createFleetDb({ url: 'http://127.0.0.1:9', authToken: 'token' });
    expect(db.$client.kind).toBe('remote');
    const failure = await failureOf(fleetDbReady(db));
    expect(failure).toBeInstanceOf(DatabaseOpenError);
    expect(failure).toMatchObject({ code: 'DB_OPEN_FAILED', details: { target: 'http://127.0.0.1:9' } });
    expect(await failureOf(db.$client.all({ sql: 'SELECT 1' }))).toBeInstanceOf(DatabaseOpenError);
    await closeFleetDb(db);
  });
});

describe('driver failures become typed errors', () => {
  test('a path that cannot be opened: DatabaseOpenError thrown by createFleetDb', () => {
    const projectPath = tempProject();
    mkdirSync(join(projectPath, '.fleet', 'dir.db'), { recursive: true });
    expect(() => createFleetDb({ projectPath, filename: 'dir.db' })).toThrow(DatabaseOpenError);
  });

  test('.fleet cannot be created: DatabaseOpenError', () => {
    const projectPath = tempProject();
    writeFileSync(join(projectPath, '.fleet'), 'a file where the directory should be');
    expect(() => createFleetDb({ projectPath })).toThrow(/cannot create/);
  });

  test('a file that is not a database: DatabaseOpenError with the driver code', () => {
    const projectPath = tempProject();
    mkdirSync(join(projectPath, '.fleet'));
    writeFileSync(join(projectPath, '.fleet', 'fleet.db'), 'x'.repeat(4096));
    expect(thrownBy(() => createFleetDb({ projectPath }))).toMatchObject({
      code: 'DB_OPEN_FAILED',
      details: { driverCode: 'SQLITE_NOTADB' },
    });
  });

  test('a migration that fails: DatabaseMigrationError naming it, nothing half-applied', () => {
    const projectPath = tempProject();
    rawSql(projectPath, 'CREATE TABLE threads (x)');
    const failure = thrownBy(() => createFleetDb({ projectPath }));
    expect(failure).toBeInstanceOf(DatabaseMigrationError);
    expect(failure).toMatchObject({ details: { migration: '0000_tables' } });
    expect(rawSql(projectPath, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).toEqual([
      { name: 'threads' },
    ]);
  });
});

describe('a database written by a newer release', () => {
  // Its migrations table is ahead of what this release ships: writing is refused, reading allowed.
  test('is refused for writing with DatabaseVersionError naming both versions; readonly reads it', async () => {
    const projectPath = tempProject();
    const db = createFleetDb({ projectPath });
    await db.insert(cursorsTable).values(cursor);
    await closeFleetDb(db);
    rawSql(
      projectPath,
      `INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES ('future', 99999999999999)`,
    );
    const failure = thrownBy(() => createFleetDb({ projectPath }));
    expect(failure).toBeInstanceOf(DatabaseVersionError);
    expect(failure).toMatchObject({
      code: 'DB_SCHEMA_AHEAD',
      details: { databaseVersion: SHIPPED_MIGRATIONS + 1, releaseVersion: SHIPPED_MIGRATIONS },
    });
    expect(String(failure)).toContain(`version ${String(SHIPPED_MIGRATIONS + 1)}`);
    const reader = createFleetDb({ projectPath, readonly: true });
    expect(await reader.select().from(cursorsTable)).toEqual([cursor]);
    await closeFleetDb(reader);
  });
});
