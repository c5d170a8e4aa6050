/**
 * Guarantees 5 and 6 (design.md §4): the database itself refuses to change or delete a stored event, and two
 * projects sharing one database never see each other's events or projection rows. Also `handleEvent(s)`:
 * counts of changed rows per table, and nothing written for an event of another project.
 */
import { describe, expect, test } from 'bun:test';
import { FleetError } from '@fleettools/core';
import { createInMemoryDb, eventsTable, pilotsTable, type FleetDB } from '@fleettools/db';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';

import {
  EVENT_TYPES,
  EventStore,
  createEvent,
  handleEvent,
  handleEvents,
  replayEvents,
  streamIdOf,
  type FleetEvent,
  type FleetEventInput,
} from '../../src/index.js';
import { arbitraryEventSequence } from '../support/arbitraries.js';
import { inOneWrite } from '../support/in-one-write.js';
import { appendAllowed } from '../support/append-allowed.js';
import { failureOf } from '../support/failure.js';
import {
  projectionSnapshot,
  storeSnapshot,
  type ProjectionSnapshot,
} from '../support/projection-snapshot.js';

const A = '/a';
const B = '/b';
const IMMUTABLE = 'events are immutable';

/** The events of one project telling the same story as the other's: same callsigns and entity ids. */
function story(project: string, tag: string): FleetEvent[] {
  const at = (minute: number) => `2025-01-09T14:${String(minute).padStart(2, '0')}:00.000Z`;
  const envelope = (n: number) => ({ id: `evt-${tag}${n}`, project_key: project, timestamp: at(n) });
  return [
    createEvent('pilot_registered', { ...envelope(1), callsign: 'viper-1', model: `model ${tag}` }),
    createEvent('pilot_registered', { ...envelope(2), callsign: 'viper-2' }),
    createEvent('mission_created', { ...envelope(3), mission_id: 'mission-shared', title: `Mission ${tag}` }),
    createEvent('sortie_created', {
      ...envelope(4),
      sortie_id: 'sortie-shared',
      mission_id: 'mission-shared',
      title: `Sortie ${tag}`,
    }),
    createEvent('sortie_started', { ...envelope(5), sortie_id: 'sortie-shared', callsign: 'viper-1' }),
    createEvent('thread_created', {
      ...envelope(6),
      thread_id: 'thread-shared',
      subject: `Thread ${tag}`,
      created_by: 'viper-1',
    }),
    createEvent('message_sent', {
      ...envelope(7),
      message_id: 'msg-shared',
      thread_id: 'thread-shared',
      from: 'viper-1',
      to: ['viper-2'],
      subject: `Subject ${tag}`,
      body: `Body of ${tag}`,
    }),
    createEvent('message_read', { ...envelope(8), message_id: 'msg-shared', callsign: 'viper-2' }),
    createEvent('file_reserved', {
      ...envelope(9),
      reservation_id: 'rsv-shared',
      callsign: 'viper-1',
      paths: ['src/shared.ts', `src/${tag}.ts`],
    }),
    createEvent('lock_acquired', {
      ...envelope(10),
      resource: 'deploy',
      lock_id: 'lock-shared',
      callsign: 'viper-1',
    }),
    createEvent('work_order_created', {
      ...envelope(11),
      work_order_id: 'wo-shared',
      sortie_id: 'sortie-shared',
      title: `Work ${tag}`,
    }),
    createEvent('checkpoint_created', {
      ...envelope(12),
      checkpoint_id: 'ckpt-shared',
      callsign: 'viper-1',
      summary: `Checkpoint ${tag}`,
      state: { tag },
    }),
    createEvent('cursor_moved', { ...envelope(13), consumer: 'indexer', position: tag === 'a' ? 7 : 9 }),
    createEvent('sortie_progress', {
      ...envelope(14),
      sortie_id: 'sortie-shared',
      callsign: 'viper-1',
      progress: tag === 'a' ? 30 : 60,
    }),
  ];
}

/** Both projects' stories appended interleaved (a, b, a, b...), `/b` one event shorter so counts differ. */
async function twoProjects() {
  const db = createInMemoryDb();
  const store = EventStore.fromDb(db);
  const a = story(A, 'a');
  const b = story(B, 'b').slice(0, -1);
  for (let i = 0; i < a.length; i++) {
    const ea = a[i];
    const eb = b[i];
    if (ea !== undefined) await store.append(ea, A);
    if (eb !== undefined) await store.append(eb, B);
  }
  const events: Readonly<Record<string, FleetEvent[]>> = { [A]: a, [B]: b };
  return { db, store, events };
}

/** Every row of every projection table of a snapshot. */
function allRows(snapshot: ProjectionSnapshot): Record<string, unknown>[] {
  return Object.values(snapshot).flat();
}

describe('immutability', () => {
  async function storeWithEvents() {
    const { db, store } = await twoProjects();
    return { db, store, before: await storeSnapshot(db) };
  }

  const RAW_WRITES: readonly (readonly [string, string])[] = [
    ['UPDATE every event', `UPDATE events SET data = '{}'`],
    ['UPDATE one event', `UPDATE events SET type = 'pilot_deregistered' WHERE id = 'evt-a1'`],
    ['UPDATE moving an event to another project', `UPDATE events SET project_key = '/b' WHERE id = 'evt-a1'`],
    ['UPDATE renumbering sequences', 'UPDATE events SET sequence = sequence + 100'],
    ['UPDATE OR REPLACE', `UPDATE OR REPLACE events SET sequence = 1 WHERE id = 'evt-a2'`],
    ['DELETE every event', 'DELETE FROM events'],
    ['DELETE one event', `DELETE FROM events WHERE id = 'evt-a14'`],
    ['DELETE a project', `DELETE FROM events WHERE project_key = '/b'`],
    [
      'upsert (INSERT … ON CONFLICT DO UPDATE) of a stored id',
      `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data)
       VALUES ('evt-a1', '/a', 15, 'pilot_registered', 'pilot:viper-9', 1, '2025-01-09T15:00:00.000Z', '{}')
       ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
    ],
  ];

  // A raw UPDATE or DELETE of the log, bypassing the API, is aborted by the database and changes nothing.
  test.each(RAW_WRITES.map(([name, sql]) => [name, sql] as const))(
    'raw_sql_cannot_change_events: %s',
    async (_, sql) => {
      const { db, before } = await storeWithEvents();
      const error = await failureOf(db.$client.all({ sql: sql }));
      expect((error as Error).message).toContain(IMMUTABLE);
      expect(await storeSnapshot(db)).toEqual(before);
    },
  );

  // A write batch that touches the log aborts as a whole: its other statements are rolled back too.
  test('batch_touching_events_rolls_back_entirely', async () => {
    const { db, before } = await storeWithEvents();
    const error = await failureOf(
      inOneWrite(db, [
        `INSERT INTO cursors (project_key, consumer, position, updated_at) VALUES ('/a', 'evil', 1, 'x')`,
        `DELETE FROM events WHERE id = 'evt-a1'`,
      ]),
    );
    expect((error as Error).message).toContain(IMMUTABLE);
    expect(await storeSnapshot(db)).toEqual(before);
  });

  // Drizzle's builders reach the same triggers: no ORM path can change the log either.
  test('drizzle_update_and_delete_of_events_fail', async () => {
    const { db, before } = await storeWithEvents();
    const update = await failureOf(
      db.update(eventsTable).set({ data: '{}' }).where(eq(eventsTable.id, 'evt-a1')),
    );
    const remove = await failureOf(db.delete(eventsTable));
    for (const error of [update, remove]) {
      // Drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
      const cause = (error as Error).cause;
      expect(cause instanceof Error ? cause.message : (error as Error).message).toContain(IMMUTABLE);
    }
    expect(await storeSnapshot(db)).toEqual(before);
  });

  // The API has no way to change a stored event: a retry with other content is refused, the original kept.
  test('api_retry_with_other_content_keeps_the_original', async () => {
    const { db, store, before } = await storeWithEvents();
    const [first] = story(A, 'a');
    const error = await failureOf(
      store.append({ ...(first as FleetEvent), model: 'rewritten' } as FleetEvent, A),
    );
    expect((error as FleetError).code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await storeSnapshot(db)).toEqual(before);
  });

  // Invariant: `INSERT OR REPLACE` cannot rewrite a stored event. REPLACE's implicit delete fires no DELETE
  // trigger (recursive_triggers is off), so a trigger refuses any insert whose id is already stored.
  test('insert_or_replace_cannot_rewrite_a_stored_event', async () => {
    const { db, store, before } = await storeWithEvents();
    const sequence = (await store.getLatestSequence(A)) + 1;
    const version = (await store.getStreamVersion(A, 'pilot:viper-1')) + 1;
    const error = await failureOf(
      db.$client.all({
        sql: `INSERT OR REPLACE INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data)
              VALUES ('evt-a1', '/a', ?, 'pilot_registered', 'pilot:viper-1', ?, '2025-01-09T14:01:00.000Z',
                      '{"callsign":"viper-1","model":"rewritten"}')`,
        args: [sequence, version],
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(await storeSnapshot(db)).toEqual(before);
  });
});

describe('isolation', () => {
  // query, count, getLatest, getLatestSequence and getStreamVersion of one project show only its own events,
  // though both projects use the same callsigns, entity ids and stream ids.
  test('reads_never_cross_projects', async () => {
    const { store, events } = await twoProjects();
    for (const project of [A, B]) {
      const own = events[project] ?? [];
      const ownIds = own.map((event) => event.id);
      const last = own.at(-1);

      const all = await store.query({ project_key: project });
      expect(all.map((event) => event.id)).toEqual(ownIds);
      expect(all.every((event) => event.project_key === project)).toBe(true);
      expect(all.map((event) => event.sequence)).toEqual(own.map((_, i) => i + 1));

      const desc = await store.query({ project_key: project, order: 'desc', limit: 3 });
      expect(desc.map((event) => event.id)).toEqual(ownIds.slice(-3).reverse());

      const sortieStream = streamIdOf(own[3] as FleetEvent);
      expect(sortieStream).toBe('sortie:sortie-shared');
      const stream = await store.query({ project_key: project, stream_id: sortieStream });
      expect(stream.every((event) => event.project_key === project)).toBe(true);
      const ownStream = own.filter((event) => streamIdOf(event) === sortieStream);
      expect(stream.map((event) => event.id)).toEqual(ownStream.map((event) => event.id));
      expect(await store.getStreamVersion(project, sortieStream)).toBe(ownStream.length);

      const typed = await store.query({ project_key: project, types: ['pilot_registered', 'message_sent'] });
      expect(typed.map((event) => event.id)).toEqual(
        own.filter((event) => ['pilot_registered', 'message_sent'].includes(event.type)).map((e) => e.id),
      );
      const paged = await store.query({ project_key: project, after_sequence: 10 });
      expect(paged.map((event) => event.id)).toEqual(ownIds.slice(10));
      const window = await store.query({
        project_key: project,
        since: '2025-01-09T14:05:00.000Z',
        until: '2025-01-09T14:08:00.000Z',
      });
      expect(window.map((event) => event.id)).toEqual(ownIds.slice(4, 7));

      expect(await store.count(project)).toBe(own.length);
      expect(await store.count(project, { types: ['sortie_created'] })).toBe(1);
      expect(await store.count(project, { stream_id: 'pilot:viper-1' })).toBe(1);
      expect(await store.getLatestSequence(project)).toBe(own.length);
      expect((await store.getLatest(project))?.id).toBe(last?.id);
    }
    expect(await store.count('/c')).toBe(0);
    expect(await store.query({ project_key: '/c' })).toEqual([]);
    expect(await store.getLatest('/c')).toBeNull();
    expect(await store.getLatestSequence('/c')).toBe(0);
    expect(await store.getStreamVersion('/c', 'sortie:sortie-shared')).toBe(0);
  });

  // Each project's projection rows are exactly those it would have alone in its own database.
  test('projection_rows_never_cross_projects', async () => {
    const { db } = await twoProjects();
    for (const [project, tag, other] of [
      [A, 'a', 'b'],
      [B, 'b', 'a'],
    ] as const) {
      const shared = await projectionSnapshot(db, project);
      const alone = createInMemoryDb();
      const events = story(project, tag);
      await EventStore.fromDb(alone).appendMany(project === B ? events.slice(0, -1) : events, project);
      expect(shared).toEqual(await projectionSnapshot(alone, project));
      const rows = allRows(shared);
      expect(rows.every((row) => row.project_key === project)).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(` ${other}`);
      expect(JSON.stringify(rows)).not.toContain(`src/${other}.ts`);
    }
    const whole = await projectionSnapshot(db);
    expect(allRows(whole).length).toBe(
      allRows(await projectionSnapshot(db, A)).length + allRows(await projectionSnapshot(db, B)).length,
    );
  });

  // For any two interleaved histories with identical callsigns and entity ids, each project's events and
  // projections in the shared database equal those of a database holding that project alone.
  test('interleaved_projects_equal_projects_alone', async () => {
    /** One generated sequence moved to `project`; event ids (global keys) get a per-project suffix. */
    const moved = (events: readonly FleetEventInput[], project: string, suffix: string) =>
      events.map((event) => ({ ...event, project_key: project, id: `${event.id}${suffix}` }) as FleetEvent);
    await fc.assert(
      fc.asyncProperty(
        arbitraryEventSequence({ maxStories: 4 }),
        fc.array(fc.boolean(), { maxLength: 200 }),
        async (sequence, turns) => {
          const a = moved(sequence, A, 'a');
          const b = moved(sequence, B, 'b');
          const db = createInMemoryDb();
          const store = EventStore.fromDb(db);
          let i = 0;
          let j = 0;
          for (let turn = 0; i < a.length || j < b.length; turn++) {
            const pickA = j >= b.length || (i < a.length && (turns[turn] ?? turn % 2 === 0));
            const event = pickA ? a[i++] : b[j++];
            if (event !== undefined) await appendAllowed(store, [event], [1], event.project_key);
          }
          // Refusal records (file_conflict written by the rules) get fresh ids and times in each database: the
          // other events are compared whole, and the refusals through the projections and their count.
          const comparable = EVENT_TYPES.filter((type) => type !== 'file_conflict');
          for (const [project, events] of [
            [A, a],
            [B, b],
          ] as const) {
            const alone = createInMemoryDb();
            const aloneStore = EventStore.fromDb(alone);
            await appendAllowed(aloneStore, events, [1], project);
            expect(await store.query({ project_key: project, types: comparable })).toEqual(
              await aloneStore.query({ project_key: project, types: comparable }),
            );
            expect(await store.count(project)).toBe(await aloneStore.count(project));
            expect(await projectionSnapshot(db, project)).toEqual(await projectionSnapshot(alone, project));
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  // Event ids are global keys: reusing one of /a's ids in /b is refused, writes nothing and leaks no content.
  test('event_id_of_another_project_is_refused_without_leaking', async () => {
    const { db, store } = await twoProjects();
    const before = await storeSnapshot(db);
    const reused = createEvent('pilot_registered', { id: 'evt-a1', project_key: B, callsign: 'viper-9' });
    const error = await failureOf(store.append(reused, B));
    expect(error).toBeInstanceOf(FleetError);
    expect((error as FleetError).code).toBe('IDEMPOTENCY_CONFLICT');
    expect(JSON.stringify((error as FleetError).toJSON())).not.toContain('model a');
    expect(await storeSnapshot(db)).toEqual(before);
  });

  // An event of /a appended under /b is refused (PROJECT_MISMATCH) and writes nothing.
  test('event_of_another_project_is_refused', async () => {
    const { db, store } = await twoProjects();
    const before = await storeSnapshot(db);
    const event = createEvent('pilot_registered', { project_key: A, callsign: 'viper-9' });
    const error = await failureOf(store.append(event, B));
    expect((error as FleetError).code).toBe('PROJECT_MISMATCH');
    expect(await storeSnapshot(db)).toEqual(before);
  });
});

describe('handleEvent', () => {
  const P = '/test/project';
  const message = createEvent('message_sent', {
    project_key: P,
    message_id: 'msg-1',
    thread_id: 'thread-1',
    from: 'viper-1',
    to: ['viper-2', 'viper-3'],
    subject: 'hello',
    body: 'body',
  });

  async function eventCount(db: FleetDB): Promise<number> {
    return db.$count(eventsTable);
  }

  // handleEvent goes through the store: the event is judged by the rules and stored, so replay reproduces it.
  test('handle_event_appends_through_the_store_and_returns_statements_per_table', async () => {
    const db = createInMemoryDb();
    const registered = createEvent('pilot_registered', { project_key: P, callsign: 'viper-1' });
    expect(await handleEvent(db, registered, P)).toEqual({ pilots: 1 });
    expect(await db.select().from(pilotsTable)).toMatchObject([{ project_key: P, callsign: 'viper-1' }]);
    expect(await handleEvent(db, message, P)).toEqual({
      messages: 1,
      message_recipients: 1,
      message_search: 1,
      threads: 1,
    });
    const reserved = createEvent('file_reserved', {
      project_key: P,
      reservation_id: 'rsv-1',
      callsign: 'viper-1',
      paths: ['src/a.ts', 'src/b.ts', 'src/c/**'],
    });
    expect(await handleEvent(db, reserved, P)).toEqual({ reservations: 1 });
    const decision = createEvent('coordinator_decision', {
      project_key: P,
      decision_id: 'decision-1',
      callsign: 'viper-1',
      decision: 'go',
    });
    expect(await handleEvent(db, decision, P)).toEqual({});
    expect(await eventCount(db)).toBe(4);
    // A retry stores nothing and changes nothing.
    expect(await handleEvent(db, reserved, P)).toEqual({});
    expect(await eventCount(db)).toBe(4);
  });

  // It can no longer make a state replay would not reproduce: what the rules refuse, it refuses too (it used
  // to give two pilots one file exclusively, one of whom vanished at the next replay).
  test('handle_event_is_judged_by_the_rules_and_replay_reproduces_its_state', async () => {
    const db = createInMemoryDb();
    for (const callsign of ['viper-1', 'viper-2']) {
      await handleEvent(db, createEvent('pilot_registered', { project_key: P, callsign }), P);
    }
    const reserve = (callsign: string, reservation_id: string) =>
      createEvent('file_reserved', { project_key: P, reservation_id, callsign, paths: ['src/a.ts'] });
    await handleEvent(db, reserve('viper-1', 'rsv-1'), P);
    expect(await failureOf(handleEvent(db, reserve('viper-2', 'rsv-2'), P))).toMatchObject({
      code: 'RESERVATION_CONFLICT',
    });
    const live = await storeSnapshot(db);
    await replayEvents(db, { projectKey: P });
    expect(await storeSnapshot(db)).toEqual(live);
  });

  // handleEvents sums the statements of all its events per table, in one write.
  test('handle_events_sums_changes', async () => {
    const db = createInMemoryDb();
    const events = [
      createEvent('pilot_registered', { project_key: P, callsign: 'viper-1' }),
      createEvent('pilot_registered', { project_key: P, callsign: 'viper-2' }),
      createEvent('pilot_active', { project_key: P, callsign: 'viper-1' }),
      message,
    ];
    expect(await handleEvents(db, events, P)).toEqual({
      pilots: 3,
      messages: 1,
      message_recipients: 1,
      message_search: 1,
      threads: 1,
    });
  });

  // An event of another project (alone or in a batch) is refused with PROJECT_MISMATCH; nothing is written.
  test('handle_event_of_another_project_writes_nothing', async () => {
    const db = createInMemoryDb();
    await handleEvent(db, createEvent('pilot_registered', { project_key: P, callsign: 'viper-0' }), P);
    const before = await storeSnapshot(db);
    const foreign = createEvent('pilot_registered', { project_key: '/elsewhere', callsign: 'viper-1' });
    const alone = await failureOf(handleEvent(db, foreign, P));
    expect(alone).toBeInstanceOf(FleetError);
    expect((alone as FleetError).code).toBe('PROJECT_MISMATCH');
    const batch = await failureOf(handleEvents(db, [message, foreign], P));
    expect((batch as FleetError).code).toBe('PROJECT_MISMATCH');
    const invalid = await failureOf(handleEvent(db, { ...message, body: '' }, P));
    expect((invalid as FleetError).code).toBe('EVENT_INVALID');
    expect(await storeSnapshot(db)).toEqual(before);
  });

  // Projections built by handleEvents equal those the store builds while appending the same events.
  test('handle_events_equals_store_projections', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEventSequence({ projectKey: P, maxStories: 4 }), async (sequence) => {
        const events = sequence as unknown as FleetEvent[];
        const viaStore = createInMemoryDb();
        const store = EventStore.fromDb(viaStore);
        await appendAllowed(store, events, [events.length], P);
        // What the store kept (the rules may refuse some events, and record refusals) is what handleEvents gets.
        const stored = await store.query({ project_key: P });
        const viaHandle = createInMemoryDb();
        await handleEvents(viaHandle, stored, P);
        expect(await projectionSnapshot(viaHandle, P)).toEqual(await projectionSnapshot(viaStore, P));
        expect(await eventCount(viaHandle)).toBe(stored.length);
      }),
      { numRuns: 25 },
    );
  });
});
