import { describe, expect, test } from 'bun:test';

import { locksTable, reservationsTable } from '@fleettools/db';

import {
  LockHeldError,
  ReservationConflictError,
  UnauthorizedError,
  actorOf,
  createEvent,
  getActiveReservations,
  getHolders,
} from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { PROJECT, fleet } from '../projections/support.js';
import { registerPilots } from '../support/pilots.js';
import { onTarget, TARGETS } from '../support/target.js';

/** Instants `minutes` from when the tests started: expiry is judged at the store's clock, the real one. */
const BASE = Date.now();
const T = (minutes: number): string => new Date(BASE + minutes * 60_000).toISOString();

const PILOTS = ['viper-1', 'viper-2', 'viper-3', 'lead', 'a', 'b', 'c'];

/** A fleet whose pilots are registered (the store refuses acting pilots that never registered). */
async function registeredFleet(): Promise<ReturnType<typeof fleet>> {
  const setup = fleet();
  await registerPilots(setup.store, PROJECT, PILOTS);
  return setup;
}

/** Sequences the registrations took. */
const R = PILOTS.length;

const reserve = (reservation_id: string, callsign: string, paths: string[], extra: object = {}) => ({
  reservation_id,
  callsign,
  paths,
  ...extra,
});

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('reservations are enforced', () => {
    // Invariant: an exclusive reservation overlapping another pilot's active one is refused whole, the refusal is
    // logged, and the caller learns holder, path and expiry.
    test('exclusive_overlap_is_denied_and_logged', async () => {
      const { db, store, append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['src/**']), T(0));
      const error = await failureOf(
        append('file_reserved', reserve('rsv-2', 'viper-2', ['docs/a.md', 'src/a.ts']), T(1)),
      );
      expect(error).toBeInstanceOf(ReservationConflictError);
      expect(error).toMatchObject({
        code: 'RESERVATION_CONFLICT',
        details: {
          reservation_id: 'rsv-2',
          callsign: 'viper-2',
          conflicts: [{ reservation_id: 'rsv-1', callsign: 'viper-1', path: 'src/**', expires_at: T(60) }],
        },
      });
      expect((error as Error).message).toContain('viper-1');
      expect((await db.select().from(reservationsTable)).map((r) => r.reservation_id)).toEqual(['rsv-1']);
      const [record] = await store.query({ project_key: PROJECT, types: ['file_conflict'] });
      expect(record).toMatchObject({
        reservation_id: 'rsv-2',
        resolution: 'denied',
        metadata: { actor: 'viper-2' },
      });
    });

    test.each([
      ['shared beside shared is granted', 'shared', 'shared', ['src/a.ts'], true],
      ['shared beside exclusive is denied', 'exclusive', 'shared', ['src/a.ts'], false],
      ['exclusive beside shared is denied', 'shared', 'exclusive', ['src/a.ts'], false],
      ['disjoint paths are granted', 'exclusive', 'exclusive', ['lib/a.ts'], true],
      ['a glob meeting a path is denied', 'exclusive', 'exclusive', ['src/*.ts'], false],
    ] as const)('%s', async (_, heldMode, wantedMode, paths, granted) => {
      const { append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['src/a.ts'], { mode: heldMode }), T(0));
      const attempt = append(
        'file_reserved',
        reserve('rsv-2', 'viper-2', [...paths], { mode: wantedMode }),
        T(1),
      );
      if (granted) expect((await attempt).sequence).toBe(R + 2);
      else expect(await failureOf(attempt)).toMatchObject({ code: 'RESERVATION_CONFLICT' });
    });

    test('a pilot never conflicts with itself; released and expired reservations stop conflicting', async () => {
      const { append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['a.ts']), T(0));
      await append('file_reserved', reserve('rsv-2', 'viper-1', ['a.ts']), T(1));
      await append('file_released', { reservation_id: 'rsv-1', callsign: 'viper-1' }, T(2));
      await append('file_released', { reservation_id: 'rsv-2', callsign: 'viper-1' }, T(2));
      await append('file_reserved', reserve('rsv-3', 'viper-2', ['a.ts'], { ttl_ms: 60_000 }), T(-5));
      // rsv-3 expired at T(-4), before the store's clock: it no longer conflicts, with no background job.
      await append('file_reserved', reserve('rsv-4', 'viper-3', ['a.ts']), T(4));
    });

    test('who holds a path now: every active reservation overlapping it, globs included', async () => {
      const { db, append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['src/**']), T(0));
      await append('file_reserved', reserve('rsv-2', 'viper-2', ['docs/*.md'], { mode: 'shared' }), T(0));
      await append('file_reserved', reserve('rsv-3', 'viper-3', ['docs/a.md'], { mode: 'shared' }), T(0));
      const at = new Date(T(1));
      expect((await getHolders(db, PROJECT, './src/deep/a.ts', { at })).map((r) => r.callsign)).toEqual([
        'viper-1',
      ]);
      expect((await getHolders(db, PROJECT, 'docs/a.md', { at })).map((r) => r.callsign).sort()).toEqual([
        'viper-2',
        'viper-3',
      ]);
      expect(await getHolders(db, PROJECT, 'lib/a.ts', { at })).toEqual([]);
      expect(await getHolders(db, PROJECT, 'src/a.ts', { at: new Date(T(61)) })).toEqual([]);
    });

    test('warn: granted, marked conflicting, the conflict logged after it', async () => {
      const { db, store, append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['a.ts']), T(0));
      const granted = await append(
        'file_reserved',
        reserve('rsv-2', 'viper-2', ['a.ts'], { on_conflict: 'warn' }),
        T(1),
      );
      expect(granted).toMatchObject({ type: 'file_reserved', sequence: R + 2 });
      expect(
        await getActiveReservations(db, PROJECT, { at: new Date(T(2)), callsign: 'viper-2' }),
      ).toMatchObject([{ conflicting: true }]);
      const [conflict] = await store.query({ project_key: PROJECT, after_sequence: R + 2 });
      expect(conflict).toMatchObject({
        type: 'file_conflict',
        resolution: 'warned',
        metadata: { causation_id: granted.id },
      });
    });

    // Invariant: in an appendMany, a refused reservation leaves nothing of the batch, only the refusal's record.
    test('refused_reservation_in_a_batch_writes_only_its_record', async () => {
      const { store, append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['a.ts']), T(0));
      await append('sortie_created', { sortie_id: 'sortie-1', title: 't' }, T(0));
      const batch = [
        createEvent('sortie_started', {
          project_key: PROJECT,
          sortie_id: 'sortie-1',
          callsign: 'viper-2',
          timestamp: T(1),
        }),
        createEvent('file_reserved', {
          project_key: PROJECT,
          ...reserve('rsv-2', 'viper-2', ['a.ts']),
          timestamp: T(1),
        }),
      ];
      expect(await failureOf(store.appendMany(batch, PROJECT))).toMatchObject({
        code: 'RESERVATION_CONFLICT',
      });
      expect((await store.query({ project_key: PROJECT, after_sequence: R })).map((e) => e.type)).toEqual([
        'file_reserved',
        'sortie_created',
        'file_conflict',
      ]);
    });

    test('only the holder renews or releases; a force release names its reason', async () => {
      const { db, store, append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['a.ts']), T(0));
      for (const attempt of [
        append('file_renewed', { reservation_id: 'rsv-1', callsign: 'viper-2', ttl_ms: 60_000 }, T(1)),
        append('file_released', { reservation_id: 'rsv-1', callsign: 'viper-2' }, T(1)),
      ]) {
        const error = await failureOf(attempt);
        expect(error).toBeInstanceOf(UnauthorizedError);
        expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
      }
      expect(await store.count(PROJECT)).toBe(R + 1);
      await append(
        'file_renewed',
        { reservation_id: 'rsv-1', callsign: 'viper-1', ttl_ms: 2 * 3_600_000 },
        T(30),
      );
      expect((await db.select().from(reservationsTable))[0]?.expires_at).toBe(T(150));
      const forced = await append(
        'file_released',
        { reservation_id: 'rsv-1', callsign: 'lead', override_reason: 'viper-1 is stuck' },
        T(40),
      );
      expect(forced).toMatchObject({ override_reason: 'viper-1 is stuck' });
      expect((await db.select().from(reservationsTable))[0]?.released_at).toBe(T(40));
    });

    // Invariant: a decision reads only active reservations: a long history of released ones on the same paths
    // changes neither the answer nor what the refusal lists (every holder of every overlapping path, by path).
    test('decisions among many released reservations see only the active ones', async () => {
      const { db, store, append } = await registeredFleet();
      const history = Array.from({ length: 300 }, (_, i) => [
        createEvent('file_reserved', {
          project_key: PROJECT,
          ...reserve(`rsv-old${String(i)}`, 'viper-1', ['src/a.ts', `src/m${String(i)}.ts`]),
          timestamp: T(0),
        }),
        createEvent('file_released', {
          project_key: PROJECT,
          reservation_id: `rsv-old${String(i)}`,
          callsign: 'viper-1',
          timestamp: T(0),
        }),
      ]).flat();
      await store.appendMany(history, PROJECT);
      await append(
        'file_reserved',
        reserve('rsv-1', 'viper-1', ['src/b.ts', 'src/a.ts'], { mode: 'shared' }),
        T(1),
      );
      await append('file_reserved', reserve('rsv-2', 'viper-3', ['src/a.ts'], { mode: 'shared' }), T(1));
      await append('file_reserved', reserve('rsv-3', 'viper-3', ['docs/d.md']), T(1));
      const error = await failureOf(append('file_reserved', reserve('rsv-4', 'viper-2', ['src/*.ts']), T(2)));
      expect(error).toMatchObject({
        code: 'RESERVATION_CONFLICT',
        details: {
          conflicts: [
            { reservation_id: 'rsv-1', path: 'src/a.ts' },
            { reservation_id: 'rsv-2', path: 'src/a.ts' },
            { reservation_id: 'rsv-1', path: 'src/b.ts' },
          ],
        },
      });
      // A shared request meets only exclusive holders: rsv-1 and rsv-2 share with it, rsv-3 does not.
      const shared = failureOf(
        append(
          'file_reserved',
          reserve('rsv-5', 'viper-2', ['src/a.ts', 'docs/**'], { mode: 'shared' }),
          T(2),
        ),
      );
      expect(await shared).toMatchObject({
        details: { conflicts: [{ reservation_id: 'rsv-3', callsign: 'viper-3', path: 'docs/d.md' }] },
      });
      await append('file_reserved', reserve('rsv-6', 'viper-2', ['src/a.ts'], { mode: 'shared' }), T(2));
      await append('file_reserved', reserve('rsv-7', 'viper-2', ['src/m7.ts']), T(2));
      const plans = await Promise.all(
        [
          "SELECT path FROM reservations WHERE project_key = ?1 AND released_at IS NULL AND expires_at > ?2 AND callsign <> ?3 AND mode IN ('exclusive')",
          'SELECT * FROM reservations WHERE project_key = ?1 AND released_at IS NULL AND expires_at > ?2 AND path = ?3',
          'SELECT * FROM reservations WHERE project_key = ?1 AND released_at IS NULL AND expires_at > ?2 AND callsign = ?3',
        ].map(async (sql) =>
          (await db.$client.all({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: [PROJECT, T(2), 'x'] }))
            .map((row) => String(row['detail']))
            .join('; '),
        ),
      );
      expect(plans[0]).toContain('COVERING INDEX reservations_active_expiry_idx');
      expect(plans[1]).toContain('INDEX reservations_active_path_idx');
      expect(plans[2]).toContain('INDEX reservations_active_callsign_idx');
    });

    test('an expired reservation is not renewed: reserve again', async () => {
      const { append } = await registeredFleet();
      await append('file_reserved', reserve('rsv-1', 'viper-1', ['a.ts'], { ttl_ms: 60_000 }), T(-10));
      const error = await failureOf(
        append('file_renewed', { reservation_id: 'rsv-1', callsign: 'viper-1', ttl_ms: 60_000 }, T(0)),
      );
      expect(error).toMatchObject({
        code: 'UNAUTHORIZED',
        details: { reason: 'reservation rsv-1 expired; reserve again' },
      });
    });
  });

  describe('locks with fencing tokens', () => {
    test('a live lock is refused to others, with its holder; the holder may take it again', async () => {
      const { append } = await registeredFleet();
      const first = await append(
        'lock_acquired',
        { resource: 'deploy', lock_id: 'lock-1', callsign: 'viper-1' },
        T(0),
      );
      expect(first).toMatchObject({ fencing_token: 1 });
      const error = await failureOf(
        append('lock_acquired', { resource: 'deploy', lock_id: 'lock-2', callsign: 'viper-2' }, T(0)),
      );
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error).toMatchObject({
        code: 'LOCK_HELD',
        details: {
          resource: 'deploy',
          holder: { callsign: 'viper-1', lock_id: 'lock-1', expires_at: T(1), fencing_token: 1 },
        },
      });
      const again = await append(
        'lock_acquired',
        { resource: 'deploy', lock_id: 'lock-3', callsign: 'viper-1' },
        T(0),
      );
      expect(again).toMatchObject({ fencing_token: 2 });
    });

    test('tokens keep rising across releases, expiry and takeovers', async () => {
      const { db, append } = await registeredFleet();
      await append('lock_acquired', { resource: 'deploy', lock_id: 'lock-1', callsign: 'a' }, T(0));
      await append('lock_released', { resource: 'deploy', lock_id: 'lock-1', callsign: 'a' }, T(0));
      expect(
        await append('lock_acquired', { resource: 'deploy', lock_id: 'lock-2', callsign: 'b' }, T(-5)),
      ).toMatchObject({
        fencing_token: 2,
      });
      // b's lock (60 s) expired at T(-4), before the store's clock: c takes it over.
      expect(
        await append('lock_acquired', { resource: 'deploy', lock_id: 'lock-3', callsign: 'c' }, T(0)),
      ).toMatchObject({
        fencing_token: 3,
      });
      expect(await db.select().from(locksTable)).toMatchObject([{ callsign: 'c', fencing_token: 3 }]);
    });

    test('only the holder of that acquisition releases, unless forced with a reason', async () => {
      const { append } = await registeredFleet();
      await append('lock_acquired', { resource: 'deploy', lock_id: 'lock-1', callsign: 'a' }, T(0));
      expect(
        await failureOf(
          append('lock_released', { resource: 'deploy', lock_id: 'lock-1', callsign: 'b' }, T(0)),
        ),
      ).toMatchObject({ code: 'UNAUTHORIZED' });
      await append(
        'lock_released',
        { resource: 'deploy', lock_id: 'lock-1', callsign: 'b', override_reason: 'a died' },
        T(0),
      );
    });

    // Invariant: a retry of a stored acquisition returns it, token included, and takes no second token.
    test('lock_retry_returns_the_stored_token', async () => {
      const { store } = await registeredFleet();
      const event = createEvent('lock_acquired', {
        project_key: PROJECT,
        resource: 'r',
        lock_id: 'lock-1',
        callsign: 'a',
      });
      const first = await store.append(event, PROJECT);
      expect(await store.append(event, PROJECT)).toEqual(first);
      expect(await store.count(PROJECT)).toBe(R + 1);
    });
  });

  describe('authorization', () => {
    test('only a recipient reads or acks a message', async () => {
      const { append } = await registeredFleet();
      await append(
        'message_sent',
        { message_id: 'msg-1', from: 'lead', to: ['viper-1'], subject: 's', body: 'b' },
        T(0),
      );
      await append('message_read', { message_id: 'msg-1', callsign: 'viper-1' }, T(1));
      for (const type of ['message_read', 'message_acked'] as const) {
        const error = await failureOf(append(type, { message_id: 'msg-1', callsign: 'viper-2' }, T(1)));
        expect(error).toMatchObject({ code: 'UNAUTHORIZED', details: { type, callsign: 'viper-2' } });
      }
    });

    test('only the assignee completes or fails a sortie; an override names its reason', async () => {
      const { append } = await registeredFleet();
      await append('sortie_created', { sortie_id: 'sortie-1', title: 't' }, T(0));
      await append('sortie_created', { sortie_id: 'sortie-2', title: 't' }, T(0));
      await append('sortie_started', { sortie_id: 'sortie-1', callsign: 'viper-1' }, T(1));
      expect(
        await failureOf(append('sortie_completed', { sortie_id: 'sortie-1', callsign: 'viper-2' }, T(2))),
      ).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(
        await failureOf(
          append('sortie_failed', { sortie_id: 'sortie-1', callsign: 'viper-2', reason: 'x' }, T(2)),
        ),
      ).toMatchObject({ code: 'UNAUTHORIZED' });
      await append(
        'sortie_failed',
        { sortie_id: 'sortie-1', callsign: 'lead', reason: 'x', override_reason: 'stuck' },
        T(3),
      );
      // Nobody took sortie-2: anyone may close it (a pending sortie may fail, not complete).
      await append('sortie_failed', { sortie_id: 'sortie-2', callsign: 'viper-2', reason: 'dropped' }, T(3));
    });

    test('a deregistered pilot acts no more until it registers again', async () => {
      const { append } = await registeredFleet();
      await append('pilot_registered', { callsign: 'viper-1' }, T(0));
      await append('pilot_deregistered', { callsign: 'viper-1' }, T(1));
      const error = await failureOf(append('pilot_active', { callsign: 'viper-1' }, T(2)));
      expect(error).toMatchObject({ code: 'UNAUTHORIZED', details: { callsign: 'viper-1' } });
      const viaMetadata = await failureOf(
        append('sortie_created', { sortie_id: 'sortie-1', title: 't', metadata: { actor: 'viper-1' } }, T(2)),
      );
      expect(viaMetadata).toMatchObject({ code: 'UNAUTHORIZED' });
      // Registering again is the way back, also when the registration names its actor (itself).
      await append('pilot_registered', { callsign: 'viper-1', metadata: { actor: 'viper-1' } }, T(3));
      await append('pilot_active', { callsign: 'viper-1' }, T(4));
    });

    test('the acting pilot: metadata.actor first, else the type’s acting field', () => {
      const base = { project_key: PROJECT };
      expect(
        actorOf(
          createEvent('message_sent', {
            ...base,
            message_id: 'msg-1',
            from: 'a',
            to: ['b'],
            subject: 's',
            body: 'b',
          }),
        ),
      ).toBe('a');
      expect(
        actorOf(createEvent('sortie_created', { ...base, sortie_id: 'sortie-1', title: 't' })),
      ).toBeUndefined();
      expect(
        actorOf(
          createEvent('sortie_created', {
            ...base,
            sortie_id: 'sortie-1',
            title: 't',
            metadata: { actor: 'lead' },
          }),
        ),
      ).toBe('lead');
      expect(actorOf(createEvent('mission_started', { ...base, mission_id: 'mission-1' }))).toBeUndefined();
    });
  });
});
