import { afterAll, describe, expect, test } from 'bun:test';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  closeFleetDb,
  createFleetDb,
  createInMemoryDb,
  cursorsTable,
  inTurn,
  TransactionActiveError,
  type SqlRunner,
} from '../../src/index.js';
import { v8Collector } from '../../src/connection/release.js';
import { failureOf, removeTempDirs, tempProject } from '../helpers.js';

afterAll(removeTempDirs);

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe('one connection, one turn', () => {
  test('operations run in the order they were called; a transaction holds the turn from BEGIN to COMMIT', async () => {
    const db = createInMemoryDb();
    const order: string[] = [];
    const writing = db.$client.transaction('write', async (tx) => {
      order.push('begin');
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'a', 1, 'T')" });
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('commit');
    });
    const reading = db.$client.all({ sql: 'SELECT consumer FROM cursors' }).then((rows) => {
      order.push(`read ${String(rows.length)}`);
    });
    const turn = inTurn(db, () => order.push('turn'));
    await Promise.all([writing, reading, turn]);
    expect(order).toEqual(['begin', 'commit', 'read 1', 'turn']);
    await closeFleetDb(db);
  });

  test('a Drizzle query between two statements of a transaction is refused, not run inside it', async () => {
    const db = createInMemoryDb();
    let refused: unknown;
    await db.$client.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'a', 1, 'T')" });
      refused = await Promise.resolve(db.select().from(cursorsTable)).catch((e: unknown) => e);
    });
    expect(refused).toBeInstanceOf(TransactionActiveError);
    expect(await inTurn(db, () => db.select().from(cursorsTable).all())).toHaveLength(1);
    await closeFleetDb(db);
  });

  test('a runner used after its transaction ended throws; a failed transaction is rolled back', async () => {
    const db = createInMemoryDb();
    let kept: SqlRunner | undefined;
    await db.$client.transaction('read', async (tx) => {
      kept = tx;
      await tx.get({ sql: 'SELECT 1' });
    });
    expect(String(await failureOf(kept?.all({ sql: 'SELECT 1' }) ?? Promise.resolve()))).toContain(
      'the transaction has ended',
    );
    const failed = db.$client.transaction('write', async (tx) => {
      await tx.run({ sql: "INSERT INTO cursors VALUES ('/p', 'gone', 1, 'T')" });
      throw new Error('roll back');
    });
    expect(String(await failureOf(failed))).toContain('roll back');
    expect(await db.select().from(cursorsTable)).toEqual([]);
    await closeFleetDb(db);
  });
});

describe('closeFleetDb', () => {
  // libsql's prepared statements keep their connection's descriptors open until collected: closing must
  // release them at once, and leave a file that holds every committed row without its WAL.
  test('releases every descriptor at once, and checkpoints the WAL into the file', async () => {
    const projectPath = tempProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    const baseline = openDescriptors();
    for (let i = 0; i < 100; i += 1) {
      const db = createFleetDb({ projectPath });
      await db.$client.run({ sql: "INSERT INTO cursors VALUES ('/p', ?, 1, 'T')", args: [`c${String(i)}`] });
      expect(await db.select().from(cursorsTable)).toHaveLength(i + 1);
      await closeFleetDb(db);
    }
    expect(openDescriptors()).toBe(baseline);
    const copy = tempProject();
    mkdirSync(join(copy, '.fleet'));
    copyFileSync(join(projectPath, '.fleet', 'fleet.db'), join(copy, '.fleet', 'fleet.db'));
    const reopened = createFleetDb({ projectPath: copy, readonly: true });
    expect(await reopened.select().from(cursorsTable)).toHaveLength(100);
    await closeFleetDb(reopened);
    // Each close runs a full collection: cheap in this package's process, about 50 ms each in the spec's
    // `bun test --coverage` at the root, where every package's tests share one heap (5 s in all, bun's default).
  }, 30_000);
});

describe('the collector used under Node', () => {
  test('is a function the process can call (V8’s gc, or nothing where the runtime has none)', () => {
    const collect = v8Collector();
    expect(typeof collect).toBe('function');
    expect(() => {
      collect();
    }).not.toThrow();
  });
});
