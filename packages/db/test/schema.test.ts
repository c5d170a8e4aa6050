import { afterAll, beforeAll, describe, expect, test } from 'bun:test';

import { eq, getTableName } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

import * as db from '../src/index.js';
import type { FleetDB, NewEventRow } from '../src/index.js';
import { failureOf, queryFailureOf } from './helpers.js';

const TABLES: [string, SQLiteTable][] = [
  ['events', db.eventsTable],
  ['pilots', db.pilotsTable],
  ['threads', db.threadsTable],
  ['messages', db.messagesTable],
  ['message_recipients', db.messageRecipientsTable],
  ['missions', db.missionsTable],
  ['sorties', db.sortiesTable],
  ['dependencies', db.dependenciesTable],
  ['work_orders', db.workOrdersTable],
  ['checkpoints', db.checkpointsTable],
  ['reservations', db.reservationsTable],
  ['cursors', db.cursorsTable],
  ['locks', db.locksTable],
];

// The indexes a user's current-state queries need, by table: column lists in order.
const QUERY_INDEXES: Record<string, string[][]> = {
  events: [
    ['project_key', 'type', 'sequence'],
    ['project_key', 'timestamp'],
    ['project_key', 'sequence'],
    ['project_key', 'stream_id', 'stream_version'],
  ],
  pilots: [['project_key', 'status']],
  message_recipients: [['project_key', 'callsign', 'read_at']],
  messages: [['project_key', 'thread_id', 'sent_at']],
  sorties: [
    ['project_key', 'mission_id'],
    ['project_key', 'status'],
    ['project_key', 'assigned_to'],
    ['project_key', 'status', 'priority', 'created_at'],
  ],
  dependencies: [['project_key', 'kind', 'depends_on']],
  work_orders: [['project_key', 'sortie_id']],
  checkpoints: [
    ['project_key', 'callsign', 'created_at'],
    ['project_key', 'sortie_id', 'created_at'],
  ],
  // Partial (unreleased rows only): the events package's rules test shows the planner picking each one.
  reservations: [
    ['project_key', 'expires_at', 'callsign', 'mode', 'path', 'released_at'],
    ['project_key', 'path', 'expires_at'],
    ['project_key', 'callsign', 'expires_at'],
  ],
};

let fleet: FleetDB;
beforeAll(() => {
  fleet = db.createInMemoryDb();
});
afterAll(() => db.closeFleetDb(fleet));

function event(overrides: Partial<NewEventRow> = {}): NewEventRow {
  return {
    id: 'evt-1',
    project_key: '/p',
    sequence: 1,
    type: 'pilot_registered',
    stream_id: 'pilot:viper-1',
    stream_version: 1,
    timestamp: '2025-01-09T14:30:00.000Z',
    data: JSON.stringify({ callsign: 'viper-1' }),
    metadata: null,
    ...overrides,
  };
}

describe('the table model', () => {
  test.each(TABLES)('%s: TS property names equal the snake_case column names', (name, table) => {
    expect(getTableName(table)).toBe(name);
    for (const column of getTableConfig(table).columns) {
      expect(column.name).toMatch(/^[a-z][a-z_]*$/);
      expect((table as unknown as Record<string, unknown>)[column.name]).toBe(column);
    }
  });

  test.each(TABLES.filter(([name]) => name !== 'events'))(
    '%s: primary key starts with project_key',
    (_, table) => {
      const [primaryKey] = getTableConfig(table).primaryKeys;
      expect(primaryKey?.columns[0]?.name).toBe('project_key');
    },
  );

  test('the migrated database has exactly the tables and columns of the schema', async () => {
    for (const [name, table] of TABLES) {
      const info = await fleet.$client.all({ sql: `PRAGMA table_info(${name})` });
      const columns = info.map((row) => row['name']);
      expect(columns).toEqual(getTableConfig(table).columns.map((column) => column.name));
    }
  });

  test.each(Object.entries(QUERY_INDEXES))('%s has the indexes its queries need', async (table, wanted) => {
    const list = await fleet.$client.all({ sql: `PRAGMA index_list(${table})` });
    const indexed: string[][] = [];
    for (const row of list) {
      const info = await fleet.$client.all({ sql: `PRAGMA index_info(${row['name'] as string})` });
      indexed.push(info.map((column) => column['name'] as string));
    }
    for (const columns of wanted) expect(indexed).toContainEqual(columns);
  });
});

describe('events', () => {
  test('round-trips a row; schema_version defaults to 1', async () => {
    await fleet.insert(db.eventsTable).values(event({ id: 'evt-rt', project_key: '/rt' }));
    const row = await fleet.query.eventsTable.findFirst({ where: eq(db.eventsTable.id, 'evt-rt') });
    expect(row).toEqual({
      ...event({ id: 'evt-rt', project_key: '/rt' }),
      metadata: null,
      schema_version: 1,
    });
  });

  test('UNIQUE(project_key, sequence), UNIQUE(project_key, stream_id, stream_version), PRIMARY KEY(id)', async () => {
    await fleet.insert(db.eventsTable).values(event({ id: 'evt-u1', project_key: '/u' }));
    const dupes = [
      event({ id: 'evt-u2', project_key: '/u', sequence: 1, stream_version: 2 }),
      event({ id: 'evt-u3', project_key: '/u', sequence: 2, stream_version: 1 }),
      event({ id: 'evt-u1', project_key: '/u', sequence: 2, stream_version: 2 }),
    ];
    for (const dupe of dupes) {
      expect(await queryFailureOf(fleet.insert(db.eventsTable).values(dupe))).toMatchObject({
        code: 'DB_STATEMENT_FAILED',
        constraint: true,
      });
    }
    // Another project may reuse the sequence and the stream version.
    await fleet.insert(db.eventsTable).values(event({ id: 'evt-u4', project_key: '/q' }));
  });

  // Invariant: `INSERT OR REPLACE` cannot rewrite a stored event (recursive_triggers makes its delete fire
  // the immutability trigger).
  test('INSERT OR REPLACE of a stored id aborts with "events are immutable"', async () => {
    await fleet.insert(db.eventsTable).values(event({ id: 'evt-r1', project_key: '/r' }));
    const failure = await failureOf(
      fleet.$client.all({
        sql: "INSERT OR REPLACE INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data) VALUES ('evt-r1', '/r', 2, 'x', 's', 2, 't', '{}')",
      }),
    );
    expect(String(failure)).toContain('events are immutable');
    expect(await fleet.$count(db.eventsTable, eq(db.eventsTable.project_key, '/r'))).toBe(1);
  });

  // Invariant: the log is append-only, enforced by the database itself.
  test('UPDATE and DELETE abort with "events are immutable"', async () => {
    await fleet.insert(db.eventsTable).values(event({ id: 'evt-imm', project_key: '/imm' }));
    const update = await failureOf(
      fleet.$client.all({ sql: "UPDATE events SET type = 'x' WHERE id = 'evt-imm'" }),
    );
    const remove = await failureOf(fleet.$client.all({ sql: "DELETE FROM events WHERE id = 'evt-imm'" }));
    for (const failure of [update, remove]) {
      expect(failure).toMatchObject({ driverCode: 'SQLITE_CONSTRAINT_TRIGGER' });
      expect(String(failure)).toContain('events are immutable');
    }
    expect(await fleet.$count(db.eventsTable, eq(db.eventsTable.id, 'evt-imm'))).toBe(1);
  });
});

describe('projection tables', () => {
  test('booleans round-trip as booleans, defaults apply', async () => {
    await fleet.insert(db.messagesTable).values({
      project_key: '/p',
      message_id: 'msg-1',
      from_callsign: 'viper-1',
      subject: 's',
      body: 'b',
      sent_at: '2025-01-09T14:30:00.000Z',
    });
    await fleet.insert(db.messagesTable).values({
      project_key: '/p',
      message_id: 'msg-2',
      from_callsign: 'viper-1',
      subject: 's',
      body: 'b',
      ack_required: true,
      importance: 'urgent',
      sent_at: '2025-01-09T14:30:00.000Z',
    });
    const rows = await fleet
      .select({
        id: db.messagesTable.message_id,
        ack: db.messagesTable.ack_required,
        importance: db.messagesTable.importance,
      })
      .from(db.messagesTable)
      .orderBy(db.messagesTable.message_id);
    expect(rows).toEqual([
      { id: 'msg-1', ack: false, importance: 'normal' },
      { id: 'msg-2', ack: true, importance: 'urgent' },
    ]);
  });

  test('two projects never collide in one file', async () => {
    const pilot = { callsign: 'viper-1', registered_at: 'T', last_seen_at: 'T' };
    await fleet.insert(db.pilotsTable).values([
      { ...pilot, project_key: '/a' },
      { ...pilot, project_key: '/b' },
    ]);
    const rows = await fleet.select().from(db.pilotsTable).where(eq(db.pilotsTable.callsign, 'viper-1'));
    expect(rows.map((row) => [row.project_key, row.status, row.ttl_ms])).toEqual([
      ['/a', 'active', 300_000],
      ['/b', 'active', 300_000],
    ]);
  });
});
