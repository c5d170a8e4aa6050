import { describe, expect, test } from 'bun:test';

import { reservationsTable } from '@fleettools/db';

import { getActiveReservations, getReservation, getReservations } from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { PILOTS, PROJECT, T, registeredFleet } from './support.js';
import { onTarget, TARGETS } from '../support/target.js';

const HOUR = 60 * 60_000;

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('reservations projection', () => {
    test('one row per path, expiring by TTL, renewed, released', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append(
        'file_reserved',
        { reservation_id: 'rsv-1', callsign: 'viper-1', paths: ['./src//a.ts', 'src/b/**'], reason: 'edit' },
        T(0),
      );
      const rows = await db.select().from(reservationsTable);
      expect(rows).toMatchObject([
        {
          path: 'src/a.ts',
          mode: 'exclusive',
          reason: 'edit',
          created_at: T(0),
          expires_at: T(60),
          released_at: null,
        },
        { path: 'src/b/**', expires_at: T(60) },
      ]);

      const at = new Date(T(30));
      expect((await getActiveReservations(db, PROJECT, { at })).map((r) => r.path)).toEqual([
        'src/a.ts',
        'src/b/**',
      ]);
      expect(await getActiveReservations(db, PROJECT, { at: new Date(T(61)) })).toEqual([]);

      await append('file_renewed', { reservation_id: 'rsv-1', callsign: 'viper-1', ttl_ms: 2 * HOUR }, T(50));
      expect(
        await getActiveReservations(db, PROJECT, { at: new Date(T(61)), path: 'src/a.ts' }),
      ).toMatchObject([{ reservation_id: 'rsv-1', expires_at: T(170) }]);

      await append('file_released', { reservation_id: 'rsv-1', callsign: 'viper-1' }, T(80));
      expect(await getActiveReservations(db, PROJECT, { at: new Date(T(81)) })).toEqual([]);
      // A released reservation is not renewed again: the rules refuse it and nothing changes.
      const refused = await failureOf(
        append('file_renewed', { reservation_id: 'rsv-1', callsign: 'viper-1', ttl_ms: HOUR }, T(90)),
      );
      expect(refused).toMatchObject({ code: 'UNAUTHORIZED' });
      expect((await db.select().from(reservationsTable))[0]).toMatchObject({
        released_at: T(80),
        expires_at: T(170),
      });
    });

    test('filters by pilot and path; a warned conflict marks the reservation', async () => {
      const { db, store, append } = await registeredFleet(PILOTS);
      await append('file_reserved', { reservation_id: 'rsv-1', callsign: 'viper-1', paths: ['a.ts'] }, T(0));
      await append(
        'file_reserved',
        {
          reservation_id: 'rsv-2',
          callsign: 'viper-2',
          paths: ['a.ts'],
          mode: 'shared',
          on_conflict: 'warn',
        },
        T(1),
      );
      const denied = await failureOf(
        append('file_reserved', { reservation_id: 'rsv-3', callsign: 'viper-3', paths: ['*.ts'] }, T(2)),
      );
      expect(denied).toMatchObject({ code: 'RESERVATION_CONFLICT' });
      const at = new Date(T(5));
      expect(await getActiveReservations(db, PROJECT, { at, callsign: 'viper-2' })).toMatchObject([
        { reservation_id: 'rsv-2', mode: 'shared', conflicting: true },
      ]);
      expect(
        (await getActiveReservations(db, PROJECT, { at, path: 'a.ts' })).map((r) => r.reservation_id),
      ).toEqual(['rsv-1', 'rsv-2']);
      // A denied request is only in the log: it never became a reservation.
      expect(await db.$count(reservationsTable)).toBe(2);
      const conflicts = await store.query({ project_key: PROJECT, types: ['file_conflict'] });
      expect(
        conflicts.map((e): string[] => (e.type === 'file_conflict' ? [e.reservation_id, e.resolution] : [])),
      ).toEqual([
        ['rsv-2', 'warned'],
        ['rsv-3', 'denied'],
      ]);
    });
  });

  test('reservations as reservations: one entry per reservation with all its paths', async () => {
    const { db, append } = await registeredFleet(PILOTS);
    await append(
      'file_reserved',
      { reservation_id: 'rsv-1', callsign: 'viper-1', paths: ['b.ts', 'a.ts'] },
      T(0),
    );
    await append('file_reserved', { reservation_id: 'rsv-2', callsign: 'viper-2', paths: ['c.ts'] }, T(1));
    const at = new Date(T(5));
    expect(await getReservations(db, PROJECT, { at })).toMatchObject([
      { reservation_id: 'rsv-1', callsign: 'viper-1', paths: ['a.ts', 'b.ts'], mode: 'exclusive' },
      { reservation_id: 'rsv-2', callsign: 'viper-2', paths: ['c.ts'] },
    ]);
    expect(await getReservations(db, PROJECT, { at, callsign: 'viper-2' })).toHaveLength(1);
    await append('file_released', { reservation_id: 'rsv-1', callsign: 'viper-1' }, T(6));
    expect(await getReservation(db, PROJECT, 'rsv-1')).toMatchObject({
      paths: ['a.ts', 'b.ts'],
      released_at: T(6),
    });
    expect(await getReservation(db, PROJECT, 'rsv-none')).toBeNull();
  });
});
