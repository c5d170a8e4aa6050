import { describe, expect, test } from 'bun:test';

import { TTL } from '@fleettools/core';
import { pilotsTable } from '@fleettools/db';

import { getActivePilots, getPilot } from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { PROJECT, T, fleet } from './support.js';
import { onTarget, TARGETS } from '../support/target.js';

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  describe('pilots projection', () => {
    test('registration, heartbeat, compaction and departure', async () => {
      const { db, append } = fleet();
      await append(
        'pilot_registered',
        {
          callsign: 'viper-1',
          program: 'opencode',
          model: 'claude',
          worktree: '/repo/wt-1',
          branch: 'feat/x',
        },
        T(0),
      );
      await append('pilot_active', { callsign: 'viper-1' }, T(2));
      await append(
        'context_compacted',
        { callsign: 'viper-1', tokens_before: 9000, tokens_after: 900 },
        T(3),
      );
      expect(await getPilot(db, PROJECT, 'viper-1')).toEqual({
        project_key: PROJECT,
        callsign: 'viper-1',
        status: 'active',
        program: 'opencode',
        model: 'claude',
        task_description: null,
        worktree: '/repo/wt-1',
        branch: 'feat/x',
        ttl_ms: TTL.PILOT,
        spawned_by: null,
        registered_at: T(0),
        last_seen_at: T(2),
        deregistered_at: null,
        last_compacted_at: T(3),
      });
      await append('pilot_deregistered', { callsign: 'viper-1', reason: 'done' }, T(4));
      expect(await getPilot(db, PROJECT, 'viper-1')).toMatchObject({
        status: 'deregistered',
        deregistered_at: T(4),
      });
    });

    test('registering again reactivates; a spawned pilot records who spawned it', async () => {
      const { db, append } = fleet();
      await append('pilot_registered', { callsign: 'viper-1', ttl_ms: 60_000 }, T(0));
      await append('pilot_deregistered', { callsign: 'viper-1' }, T(1));
      await append('pilot_registered', { callsign: 'viper-1' }, T(2));
      await append('pilot_spawned', { callsign: 'viper-2', spawned_by: 'viper-1', model: 'm' }, T(3));
      const rows = await db.select().from(pilotsTable);
      expect(rows).toMatchObject([
        {
          callsign: 'viper-1',
          status: 'active',
          deregistered_at: null,
          registered_at: T(2),
          ttl_ms: TTL.PILOT,
        },
        { callsign: 'viper-2', status: 'active', spawned_by: 'viper-1', model: 'm', registered_at: T(3) },
      ]);
    });

    test('a heartbeat from a pilot that never registered is refused and changes nothing', async () => {
      const { db, append } = fleet();
      expect(await failureOf(append('pilot_active', { callsign: 'ghost' }, T(0)))).toMatchObject({
        code: 'UNAUTHORIZED',
      });
      expect(await db.$count(pilotsTable)).toBe(0);
      expect(await getPilot(db, PROJECT, 'ghost')).toBeNull();
    });

    test('active pilots: registered and heard from within their TTL, by callsign', async () => {
      const { db, append } = fleet();
      await append('pilot_registered', { callsign: 'b-live', ttl_ms: 5 * 60_000 }, T(0));
      await append('pilot_registered', { callsign: 'a-live', ttl_ms: 5 * 60_000 }, T(0));
      await append('pilot_registered', { callsign: 'stale', ttl_ms: 60_000 }, T(0));
      await append('pilot_registered', { callsign: 'gone' }, T(0));
      await append('pilot_deregistered', { callsign: 'gone' }, T(1));
      await append('pilot_active', { callsign: 'b-live' }, T(3));
      const at = new Date(T(4));
      expect((await getActivePilots(db, PROJECT, { at })).map((p) => p.callsign)).toEqual([
        'a-live',
        'b-live',
      ]);
      const later = new Date(T(7));
      expect((await getActivePilots(db, PROJECT, { at: later })).map((p) => p.callsign)).toEqual(['b-live']);
      expect(await getActivePilots(db, PROJECT, { at: new Date(T(60)) })).toEqual([]);
    });
  });
});
