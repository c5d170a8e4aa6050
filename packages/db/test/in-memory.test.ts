import { describe, expect, test } from 'bun:test';

import { closeFleetDb, createInMemoryDb, cursorsTable, eventsTable } from '../src/index.js';
import { failureOf, firstValue } from './helpers.js';

const cursor = { project_key: '/p', consumer: 'c', position: 1, updated_at: '2025-01-09T14:30:00.000Z' };

describe('createInMemoryDb', () => {
  test('is migrated: every table exists and the first query succeeds', async () => {
    const db = createInMemoryDb();
    expect(await db.select().from(eventsTable).limit(1)).toEqual([]);
    const tables = await db.$client.all({ sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'" });
    // 17 tables (13 + snapshots, archive_segments, compaction_permits, project_identity), drizzle's, and the FTS5
    // table message_search with its 5 shadow tables.
    expect(firstValue(tables)).toBe(24);
    expect(firstValue(await db.$client.all({ sql: 'PRAGMA foreign_keys' }))).toBe(1);
    await closeFleetDb(db);
  });

  test('each call is a fresh, isolated database', async () => {
    const a = createInMemoryDb();
    const b = createInMemoryDb();
    await a.insert(cursorsTable).values(cursor);
    expect(await a.select().from(cursorsTable)).toEqual([cursor]);
    expect(await b.select().from(cursorsTable)).toEqual([]);
    await Promise.all([closeFleetDb(a), closeFleetDb(b)]);
  });

  // Invariant: an in-memory database lives on its only connection; a transaction must not lose it.
  test('survives a write transaction of the connection and a (synchronous) Drizzle transaction', async () => {
    const db = createInMemoryDb();
    await db.$client.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'tx', 1, '2025-01-01T00:00:00.000Z')" });
    });
    db.transaction((dtx) => {
      dtx.insert(cursorsTable).values(cursor).run();
    });
    expect(() => {
      db.transaction((dtx) => {
        dtx
          .insert(cursorsTable)
          .values({ ...cursor, consumer: 'gone' })
          .run();
        dtx.rollback();
      });
    }).toThrow();
    const failed = db.$client.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'gone', 1, 'T')" });
      throw new Error('roll back');
    });
    expect(String(await failureOf(failed))).toContain('roll back');
    const rows = await db
      .select({ consumer: cursorsTable.consumer })
      .from(cursorsTable)
      .orderBy(cursorsTable.consumer);
    expect(rows).toEqual([{ consumer: 'c' }, { consumer: 'tx' }]);
    expect(await db.$count(eventsTable)).toBe(0);
    await closeFleetDb(db);
  });
});
