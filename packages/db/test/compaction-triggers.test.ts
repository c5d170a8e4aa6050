/**
 * Migration 0006: the log stays immutable except for compaction's own deletes, allowed only while a
 * permit for that project and sequence range exists; archived segments are immutable.
 */
import { describe, expect, test } from 'bun:test';

import { createInMemoryDb } from '../src/index.js';
import { failureOf, inOneWrite } from './helpers.js';

async function withEvents() {
  const db = createInMemoryDb();
  const client = db.$client;
  for (const [project, sequence] of [
    ['/a', 1],
    ['/a', 2],
    ['/a', 3],
    ['/b', 1],
  ] as const) {
    await client.all({
      sql: `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data)
            VALUES (?, ?, ?, 'pilot_active', 's', ?, '2025-01-01T00:00:00.000Z', '{}')`,
      args: [`evt-${project}${String(sequence)}`, project, sequence, sequence],
    });
  }
  return client;
}

describe('events_no_delete with compaction permits', () => {
  // Invariant: without a permit covering the row, every DELETE (and REPLACE) on events aborts.
  test('a delete is allowed only inside a permit of its project and range', async () => {
    const client = await withEvents();
    expect(String(await failureOf(client.all({ sql: 'DELETE FROM events' })))).toContain(
      'events are immutable',
    );
    await inOneWrite(client, [
      "INSERT INTO compaction_permits VALUES ('/a', 1, 2)",
      "DELETE FROM events WHERE project_key = '/a' AND sequence <= 2",
      "DELETE FROM compaction_permits WHERE project_key = '/a'",
    ]);
    const left = await client.all({
      sql: 'SELECT project_key, sequence FROM events ORDER BY project_key, sequence',
    });
    expect(left.map((row) => `${row.project_key as string}${row.sequence as number}`)).toEqual([
      '/a3',
      '/b1',
    ]);
    // Outside the range, or for another project, the permit allows nothing (and the batch rolls back).
    for (const sql of [
      "DELETE FROM events WHERE project_key = '/a'",
      "DELETE FROM events WHERE project_key = '/b'",
    ]) {
      const error = await failureOf(
        inOneWrite(client, ["INSERT INTO compaction_permits VALUES ('/a', 1, 2)", sql]),
      );
      expect(String(error)).toContain('events are immutable');
    }
    expect((await client.all({ sql: 'SELECT COUNT(*) AS n FROM compaction_permits' }))[0]?.n).toBe(0);
    expect(String(await failureOf(client.all({ sql: "UPDATE events SET data = '{}'" })))).toContain(
      'immutable',
    );
  });

  test('archive segments cannot be updated or deleted', async () => {
    const client = await withEvents();
    await client.all({
      sql: `INSERT INTO archive_segments VALUES ('/a', 1, 2, 3, 2, 'c', X'00', '2025-01-01T00:00:00.000Z')`,
    });
    expect(String(await failureOf(client.all({ sql: 'DELETE FROM archive_segments' })))).toContain(
      'archived events are immutable',
    );
    expect(
      String(await failureOf(client.all({ sql: "UPDATE archive_segments SET checksum = 'd'" }))),
    ).toContain('immutable');
  });
});
