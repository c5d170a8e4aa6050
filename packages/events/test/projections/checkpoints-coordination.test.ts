import { describe, expect, test } from 'bun:test';

import { cursorsTable, locksTable } from '@fleettools/db';

import { getLatestCheckpoint } from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { PILOTS, PROJECT, T, registeredFleet } from './support.js';
import { onTarget, TARGETS } from '../support/target.js';

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('checkpoints projection', () => {
    test('the latest checkpoint of a pilot or a sortie, and who restored it', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('sortie_created', { sortie_id: 'sortie-a', title: 'a' }, T(0));
      await append('mission_created', { mission_id: 'mission-1', title: 'm' }, T(0));
      await append(
        'checkpoint_created',
        {
          checkpoint_id: 'ckpt-1',
          callsign: 'viper-1',
          sortie_id: 'sortie-a',
          summary: 'half',
          state: { step: 1 },
        },
        T(0),
      );
      await append(
        'checkpoint_created',
        {
          checkpoint_id: 'ckpt-2',
          callsign: 'viper-1',
          mission_id: 'mission-1',
          summary: 'more',
          state: { step: 2, notes: ['a'] },
          files_modified: ['src/a.ts'],
        },
        T(1),
      );
      await append('checkpoint_restored', { checkpoint_id: 'ckpt-1', callsign: 'viper-2' }, T(2));
      expect(await getLatestCheckpoint(db, PROJECT, { callsign: 'viper-1' })).toMatchObject({
        checkpoint_id: 'ckpt-2',
        mission_id: 'mission-1',
        state: { step: 2, notes: ['a'] },
        files_modified: ['src/a.ts'],
        restored_at: null,
      });
      expect(await getLatestCheckpoint(db, PROJECT, { sortie_id: 'sortie-a' })).toMatchObject({
        checkpoint_id: 'ckpt-1',
        restored_at: T(2),
        restored_by: 'viper-2',
      });
      expect(await getLatestCheckpoint(db, PROJECT, { callsign: 'nobody' })).toBeNull();
    });
  });

  describe('locks projection', () => {
    test('every acquisition raises the fencing token; release needs the holding lock id', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      const acquired = await append(
        'lock_acquired',
        { resource: 'db-migrate', lock_id: 'lock-1', callsign: 'viper-1' },
        T(0),
      );
      expect(acquired).toMatchObject({ fencing_token: 1 });
      expect(await db.select().from(locksTable)).toMatchObject([
        { lock_id: 'lock-1', callsign: 'viper-1', fencing_token: 1, acquired_at: T(0), expires_at: T(1) },
      ]);
      const wrongId = await failureOf(
        append('lock_released', { resource: 'db-migrate', lock_id: 'lock-0', callsign: 'viper-1' }, T(0)),
      );
      expect(wrongId).toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
      expect((await db.select().from(locksTable))[0]?.released_at).toBeNull();
      await append('lock_released', { resource: 'db-migrate', lock_id: 'lock-1', callsign: 'viper-1' }, T(0));
      expect((await db.select().from(locksTable))[0]?.released_at).toBe(T(0));
      await append(
        'lock_acquired',
        { resource: 'db-migrate', lock_id: 'lock-2', callsign: 'viper-2', ttl_ms: 120_000 },
        T(5),
      );
      expect(await db.select().from(locksTable)).toMatchObject([
        { lock_id: 'lock-2', callsign: 'viper-2', fencing_token: 2, expires_at: T(7), released_at: null },
      ]);
    });
  });

  describe('cursors projection', () => {
    test('a consumer position moves with each commit', async () => {
      const { db, append } = await registeredFleet(PILOTS);
      await append('cursor_moved', { consumer: 'inbox:viper-1', position: 10 }, T(0));
      await append('cursor_moved', { consumer: 'inbox:viper-1', position: 25 }, T(1));
      await append(
        'coordinator_decision',
        { decision_id: 'decision-1', callsign: 'lead', decision: 'go' },
        T(2),
      );
      expect(await db.select().from(cursorsTable)).toEqual([
        { project_key: PROJECT, consumer: 'inbox:viper-1', position: 25, updated_at: T(1) },
      ]);
    });
  });
});
