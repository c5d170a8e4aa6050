import { describe, expect, test } from 'bun:test';

import { projectIdentityTable } from '@fleettools/db';

import {
  getCheckpoint,
  getLock,
  getMessage,
  getProjectIdentity,
  getStoredProjectKeys,
  listPilots,
  listSorties,
} from '../../src/index.js';
import { PROJECT, T, fleet } from './support.js';

describe('read models hand back values', () => {
  test('checkpoints, sorties, messages, locks and pilots by id or filter', async () => {
    const { db, append } = fleet();
    await append('pilot_registered', { callsign: 'viper-1' }, T(0));
    await append('sortie_created', { sortie_id: 'sortie-a', title: 'A', files: ['a.ts'] }, T(1));
    await append('mission_created', { mission_id: 'mission-1', title: 'M' }, T(2));
    await append('sortie_created', { sortie_id: 'sortie-b', title: 'B', mission_id: 'mission-1' }, T(2));
    await append('sortie_started', { sortie_id: 'sortie-a', callsign: 'viper-1' }, T(3));
    await append(
      'checkpoint_created',
      { checkpoint_id: 'ckpt-1', callsign: 'viper-1', summary: 's', state: { step: 1 } },
      T(4),
    );
    await append(
      'message_sent',
      { message_id: 'msg-1', from: 'viper-1', to: ['viper-1'], subject: 'hi', body: 'b' },
      T(5),
    );
    await append('lock_acquired', { resource: 'deploy', lock_id: 'lock-1', callsign: 'viper-1' }, T(6));

    expect(await getCheckpoint(db, PROJECT, 'ckpt-1')).toMatchObject({
      state: { step: 1 },
      files_modified: null,
    });
    expect(await getCheckpoint(db, PROJECT, 'ckpt-none')).toBeNull();
    expect((await listSorties(db, PROJECT, { status: 'in_progress' })).map((s) => s.files)).toEqual([
      ['a.ts'],
    ]);
    expect((await listSorties(db, PROJECT, { mission_id: 'mission-1' })).map((s) => s.sortie_id)).toEqual([
      'sortie-b',
    ]);
    expect((await listSorties(db, PROJECT, { assigned_to: 'viper-1' })).map((s) => s.sortie_id)).toEqual([
      'sortie-a',
    ]);
    expect(await getMessage(db, PROJECT, 'msg-1')).toMatchObject({ subject: 'hi', from_callsign: 'viper-1' });
    expect(await getMessage(db, PROJECT, 'msg-none')).toBeNull();
    expect(await getLock(db, PROJECT, 'deploy')).toMatchObject({ lock_id: 'lock-1', fencing_token: 1 });
    expect(await getLock(db, PROJECT, 'none')).toBeNull();
    expect((await listPilots(db, PROJECT)).map((p) => p.callsign)).toEqual(['viper-1']);
  });

  test('the project identity and the keys the log holds', async () => {
    const { db, append } = fleet();
    expect(await getProjectIdentity(db)).toBeNull();
    expect(await getStoredProjectKeys(db)).toEqual([]);
    await append('pilot_registered', { callsign: 'viper-1' }, T(0));
    expect(await getStoredProjectKeys(db)).toEqual([PROJECT]);
    await db
      .insert(projectIdentityTable)
      .values({ project_key: PROJECT, created_at: T(0), created_root: '/r' });
    expect(await getProjectIdentity(db)).toMatchObject({ project_key: PROJECT, created_root: '/r' });
  });
});
