/**
 * Pilots know where they work (issue 20): a registration records the git worktree and branch it was made from,
 * `fleet status` shows them, and `fleet guard` run by a real `git commit` with no FLEET_CALLSIGN knows the
 * committing pilot as the one live pilot registered from that worktree.
 */
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';
import { getPilot } from '@fleettools/events';

import { openFleet } from '../src/fleet.js';
import { FLEET_COMMAND, gitProject, stage } from './support/git-project.js';
import { fleetInProcess, git, tempDir } from './support/run.js';
import { runProcess } from './support/spawn.js';

/** A real `git ARGS` in `cwd` with no FLEET_CALLSIGN in its environment. */
function gitAnonymous(cwd: string, ...args: string[]) {
  const env = { ...process.env };
  delete env['FLEET_CALLSIGN'];
  return runProcess(['git', ...args], { cwd, env });
}

describe('pilots bound to their worktree and branch', () => {
  const base = tempDir('fleet-worktree-');
  afterAll(base.remove);

  test('registration records the worktree and branch, in the main tree and in a linked worktree; status shows them', async () => {
    const repo = await gitProject(join(base.dir, 'repo'));
    const linked = join(base.dir, 'wt-lexer');
    git(repo, 'worktree', 'add', '-q', '-b', 'feat/lexer', linked);
    const inMain = await openFleet({ cwd: repo });
    const inLinked = await openFleet({ cwd: join(linked) });
    try {
      expect(inLinked.root).toBe(inMain.root);
      (await inMain.register({ callsign: 'viper-1', heartbeatMs: 0 })).close();
      (await inLinked.register({ callsign: 'viper-2', heartbeatMs: 0 })).close();
      (
        await inMain.register({ callsign: 'viper-3', heartbeatMs: 0, worktree: '/elsewhere', branch: 'b' })
      ).close();
      expect(await getPilot(inMain.db, inMain.projectKey, 'viper-1')).toMatchObject({
        worktree: repo,
        branch: 'main',
      });
      expect(await getPilot(inMain.db, inMain.projectKey, 'viper-2')).toMatchObject({
        worktree: linked,
        branch: 'feat/lexer',
      });
      expect(await getPilot(inMain.db, inMain.projectKey, 'viper-3')).toMatchObject({
        worktree: '/elsewhere',
        branch: 'b',
      });
      git(linked, 'checkout', '-q', '--detach');
      (await inLinked.register({ callsign: 'viper-4', heartbeatMs: 0 })).close();
      expect(await getPilot(inMain.db, inMain.projectKey, 'viper-4')).toMatchObject({
        worktree: linked,
        branch: null,
      });

      const status = await fleetInProcess(linked, ['status']);
      expect(status.code).toBe(0);
      expect(status.out).toMatch(/callsign +status +last seen +branch +worktree +program/);
      expect(status.out).toMatch(/viper-1 +active +.+? +main +\. /);
      expect(status.out).toMatch(/viper-2 +active +.+? +feat\/lexer +\.\.\/wt-lexer /);
      const json = JSON.parse((await fleetInProcess(linked, ['status', '--json'])).out) as {
        pilots: { callsign: string; worktree: string | null; branch: string | null }[];
      };
      expect(json.pilots.find((pilot) => pilot.callsign === 'viper-2')).toMatchObject({
        worktree: linked,
        branch: 'feat/lexer',
      });
    } finally {
      await inLinked.close();
      await inMain.close();
    }
  });

  test('a real commit with no FLEET_CALLSIGN: the guard knows the pilot registered from the worktree', async () => {
    const repo = await gitProject(join(base.dir, 'commit'));
    const linked = join(base.dir, 'wt-commit');
    git(repo, 'worktree', 'add', '-q', '-b', 'feat/parser', linked);
    expect((await fleetInProcess(repo, ['hooks', 'install', '--command', FLEET_COMMAND])).code).toBe(0);
    const main = await openFleet({ cwd: repo });
    const here = await openFleet({ cwd: linked });
    try {
      // Nobody registered from the linked worktree yet: no identity, refused.
      stage(linked, 'src/own.ts');
      const anonymous = await gitAnonymous(linked, 'commit', '-q', '-m', 'own');
      expect(anonymous.code).toBe(1);
      expect(anonymous.err).toContain('GUARD_NO_IDENTITY');
      expect(anonymous.err).toContain('no live pilot registered from this worktree');

      const viper1 = await main.register({ callsign: 'viper-1', heartbeatMs: 0 });
      const viper2 = await here.register({ callsign: 'viper-2', heartbeatMs: 0 });
      await viper1.reservations.reserve(['src/parser.ts']);
      await viper2.reservations.reserve(['src/own.ts']);
      // viper-2 commits what it holds itself: passes.
      const own = await gitAnonymous(linked, 'commit', '-q', '-m', 'own');
      expect(own.err).toBe('');
      expect(own.code).toBe(0);
      // ...but not what viper-1 holds: refused as viper-2, naming the holder.
      stage(linked, 'src/parser.ts');
      const refused = await gitAnonymous(linked, 'commit', '-q', '-m', 'parser');
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('src/parser.ts: held by viper-1 (exclusive');
      expect(refused.err).toContain('viper-2');
      // A second live pilot registered from the same worktree: ambiguous, refused until FLEET_CALLSIGN says who.
      (await here.register({ callsign: 'viper-3', heartbeatMs: 0 })).close();
      const ambiguous = await gitAnonymous(linked, 'commit', '-q', '-m', 'parser');
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.err).toContain('GUARD_AMBIGUOUS_IDENTITY');
      expect(ambiguous.err).toContain('viper-2, viper-3 are all live and registered from it');
      viper1.close();
      viper2.close();
    } finally {
      await here.close();
      await main.close();
    }
  });

  test('in process: no pilot from the worktree is GUARD_NO_IDENTITY; the registered one is the committer', async () => {
    const repo = await gitProject(join(base.dir, 'in-process'));
    const fleet = await openFleet({ cwd: repo });
    try {
      const holder = await fleet.register({ callsign: 'holder', heartbeatMs: 0, worktree: '/elsewhere' });
      await holder.reservations.reserve(['src/held.ts']);
      stage(repo, 'src/held.ts');
      const none = await fleetInProcess(repo, ['guard']);
      expect(none.code).toBe(1);
      expect(none.err).toContain('GUARD_NO_IDENTITY');
      expect(none.err).toContain('no live pilot registered from this worktree');
      (await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 })).close();
      const known = await fleetInProcess(repo, ['guard', '--json']);
      expect(known.code).toBe(1);
      expect(JSON.parse(known.out)).toMatchObject({
        callsign: 'viper-1',
        paths: ['src/held.ts'],
        refused: true,
      });
      holder.close();
    } finally {
      await fleet.close();
    }
  });
});
