import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';

import { openFleet, type Fleet } from '../src/fleet.js';
import { parseNameStatus, stagedChanges } from '../src/guard/changes.js';
import { touchedPaths } from '../src/guard/decide.js';
import { GitCommandError } from '../src/guard/errors.js';
import { parsePushLines } from '../src/guard/pushed.js';
import { FLEET_COMMAND, gitAs, gitProject, stage } from './support/git-project.js';
import { fleetInProcess, git, tempDir } from './support/run.js';

const MINUTE = 60_000;

describe('reading what a commit changes', () => {
  const base = tempDir('fleet-guard-');
  afterAll(base.remove);

  test('name-status -z: renames and copies give both paths, deletions count, odd paths kept byte for byte', () => {
    const output = 'M\0a b.ts\0R087\0old "q".ts\0new\nline.ts\0C100\0src/x.ts\0src/y.ts\0D\0gone/é.ts\0';
    expect(parseNameStatus(output)).toEqual([
      { status: 'M', paths: ['a b.ts'] },
      { status: 'R', paths: ['old "q".ts', 'new\nline.ts'] },
      { status: 'C', paths: ['src/x.ts', 'src/y.ts'] },
      { status: 'D', paths: ['gone/é.ts'] },
    ]);
    expect(parseNameStatus('')).toEqual([]);
    expect(() => parseNameStatus('R100\0only-one\0')).toThrow(GitCommandError);
  });

  test('staged changes of a real repository: a rename, a deletion, spaces, a newline and unicode', async () => {
    const repo = await gitProject(join(base.dir, 'staged'));
    stage(repo, 'src/old name.ts', 'export const a = 1;\n'.repeat(20));
    stage(repo, 'docs/keep.md');
    git(repo, 'commit', '-q', '-m', 'two files');
    git(repo, 'mv', 'src/old name.ts', 'src/new name.ts');
    git(repo, 'rm', '-q', 'docs/keep.md');
    stage(repo, 'src/line\nbreak.ts');
    stage(repo, 'src/naïve "quoted".ts');
    const paths = touchedPaths(stagedChanges(join(repo, 'src'))).sort();
    expect(paths).toEqual([
      'docs/keep.md',
      'src/line\nbreak.ts',
      'src/naïve "quoted".ts',
      'src/new name.ts',
      'src/old name.ts',
    ]);
    // A project below the repository's top level sees only its own paths, relative to itself.
    expect(touchedPaths(stagedChanges(repo), 'src').sort()).toEqual([
      'line\nbreak.ts',
      'naïve "quoted".ts',
      'new name.ts',
      'old name.ts',
    ]);
  });

  test('pre-push input: four fields per line, anything else refused', () => {
    const sha = 'a'.repeat(40);
    expect(parsePushLines(`refs/heads/main ${sha} refs/heads/main ${'0'.repeat(40)}\n\n`)).toEqual([
      { localRef: 'refs/heads/main', localSha: sha, remoteRef: 'refs/heads/main', remoteSha: '0'.repeat(40) },
    ]);
    expect(() => parsePushLines('refs/heads/main not-a-sha')).toThrow(/pre-push line/);
  });
});

describe('fleet guard against the live reservations', () => {
  const base = tempDir('fleet-guard-');
  let repo = '';
  let fleet: Fleet;
  beforeAll(async () => {
    repo = await gitProject(join(base.dir, 'repo'));
    fleet = await openFleet({ cwd: repo });
  });
  afterAll(async () => {
    await fleet.close();
    base.remove();
  });

  const guard = (callsign: string, args: string[] = [], now?: Date) =>
    fleetInProcess(repo, ['guard', ...args], { as: callsign, ...(now === undefined ? {} : { now }) });

  test('a held glob src/**/*.ts refuses a staged src/a/b.ts, saying who, since and until when, and how to ask', async () => {
    const viper1 = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0, ttlMs: 10 * MINUTE });
    await fleet.register({ callsign: 'viper-2', heartbeatMs: 0 });
    const held = await viper1.reservations.reserve(['src/**/*.ts'], { ttlMs: 30 * MINUTE, reason: 'parser' });
    stage(repo, 'src/a/b.ts');
    stage(repo, 'README.md');

    const refused = await guard('viper-2');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `src/a/b.ts: held by viper-1 (exclusive, src/**/*.ts, ${held.reservation_id}) since ${held.created_at} until ${held.expires_at} (parser)`,
    );
    expect(refused.err).toContain('GUARD_REFUSED: viper-2 may not commit 1 path(s) held by viper-1');
    expect(refused.err).toContain('fleet send --to viper-1');
    expect(refused.err).not.toContain('README.md');

    // The holder itself commits freely; --warn reports and lets the commit through.
    expect((await guard('viper-1')).code).toBe(0);
    const warned = await guard('viper-2', ['--warn']);
    expect(warned.code).toBe(0);
    expect(warned.err).toContain('warning (--warn, not refused)');
    expect(warned.err).toContain('held by viper-1');

    const json = await guard('viper-2', ['--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out) as {
      refused: boolean;
      paths: string[];
      blocks: { holder: string }[];
    };
    expect(result.refused).toBe(true);
    expect(result.paths.sort()).toEqual(['README.md', 'src/a/b.ts']);
    expect(result.blocks.map((b) => b.holder)).toEqual(['viper-1']);
    expect(JSON.parse(json.err)).toMatchObject({ error: { code: 'GUARD_REFUSED' } });

    // A guard run only reads: the log holds no trace of it.
    const latest = await fleet.store.getLatestSequence(fleet.projectKey);
    await guard('viper-2');
    expect(await fleet.store.getLatestSequence(fleet.projectKey)).toBe(latest);

    // A stale holder (silent past its TTL, reservation still unexpired) does not block.
    expect((await guard('viper-2', [], new Date(Date.now() + 15 * MINUTE))).code).toBe(0);
    await viper1.reservations.release(held.reservation_id);
    expect((await guard('viper-2')).code).toBe(0);
    git(repo, 'reset', '-q');
  });

  test('shared holds: a shared co-holder may commit, anyone else needs the path exclusively', async () => {
    const a = await fleet.register({ callsign: 'shared-a', heartbeatMs: 0 });
    const b = await fleet.register({ callsign: 'shared-b', heartbeatMs: 0 });
    const held = await a.reservations.reserve(['lib/**'], { mode: 'shared' });
    const mine = await b.reservations.reserve(['lib/x.ts'], { mode: 'shared' });
    stage(repo, 'lib/x.ts');
    expect((await guard('shared-b')).code).toBe(0);
    const other = await guard('viper-2');
    expect(other.code).toBe(1);
    expect(other.err).toContain('held by shared-a (shared, lib/**');
    expect(other.err).toContain('held by shared-b (shared, lib/x.ts');
    await a.reservations.release(held.reservation_id);
    await b.reservations.release(mine.reservation_id);
    git(repo, 'reset', '-q');
  });

  test('renames and deletions are checked on every path they touch', async () => {
    stage(repo, 'app/old.ts', 'export const x = 1;\n'.repeat(20));
    stage(repo, 'app/doomed.ts');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'app');
    const holder = await fleet.register({ callsign: 'holder', heartbeatMs: 0 });
    const held = await holder.reservations.reserve(['app/old.ts', 'app/doomed.ts']);
    git(repo, 'mv', 'app/old.ts', 'app/new.ts');
    git(repo, 'rm', '-q', 'app/doomed.ts');
    const run = await guard('viper-2');
    expect(run.code).toBe(1);
    expect(run.err).toContain('app/old.ts: held by holder');
    expect(run.err).toContain('app/doomed.ts: held by holder');
    await holder.reservations.release(held.reservation_id);
    git(repo, 'reset', '-q', '--hard');
  });

  // Every pilot of this suite registered from the repository's one worktree: none of them is "the" committer.
  test('no --as, several live pilots registered from this worktree: refused as ambiguous, or reported with --warn', async () => {
    const viper1 = fleet.pilot('viper-1');
    const held = await viper1.reservations.reserve(['id/**']);
    stage(repo, 'id/a.ts');
    const refused = await guard('');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('GUARD_AMBIGUOUS_IDENTITY');
    expect(refused.err).toMatch(/viper-1, viper-2 are all live and registered from it/);
    expect(refused.err).toContain('hint: set FLEET_CALLSIGN (or pass --as) to the committing pilot');
    const warned = await guard('', ['--warn']);
    expect(warned.code).toBe(0);
    expect(warned.err).toContain('are all live and registered from it. Every live holder counts.');
    expect(warned.err).toContain('id/a.ts: held by viper-1');
    await viper1.reservations.release(held.reservation_id);
    git(repo, 'reset', '-q');
  });

  test('outside a git repository the guard fails with GIT_FAILED', async () => {
    const plain = join(base.dir, 'plain');
    mkdirSync(plain);
    expect((await fleetInProcess(plain, ['init'])).code).toBe(0);
    const run = await fleetInProcess(plain, ['guard'], { as: 'viper-2' });
    expect(run.code).toBe(1);
    expect(run.err).toContain('GIT_FAILED');
  });
});

describe('real git commits and pushes with the hooks installed', () => {
  const base = tempDir('fleet-guard-');
  afterAll(base.remove);

  test('a commit touching a file another live pilot holds fails with the message; after release it passes', async () => {
    const repo = await gitProject(join(base.dir, 'commit'));
    const fleet = await openFleet({ cwd: repo });
    try {
      expect((await fleetInProcess(repo, ['hooks', 'install', '--command', FLEET_COMMAND])).code).toBe(0);
      const viper1 = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
      await fleet.register({ callsign: 'viper-2', heartbeatMs: 0 });
      const held = await viper1.reservations.reserve(['src/parser.ts']);
      stage(repo, 'src/parser.ts');
      const refused = await gitAs(repo, 'viper-2', 'commit', '-q', '-m', 'parser');
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('src/parser.ts: held by viper-1 (exclusive');
      expect(refused.err).toContain('GUARD_REFUSED');
      expect(git(repo, 'log', '--oneline')).not.toContain('parser');

      await viper1.reservations.release(held.reservation_id);
      const passed = await gitAs(repo, 'viper-2', 'commit', '-q', '-m', 'parser');
      expect(passed.err).toBe('');
      expect(passed.code).toBe(0);
      expect(git(repo, 'log', '--oneline')).toContain('parser');
    } finally {
      await fleet.close();
    }
  });

  test('a push of commits touching a held path is refused by the pre-push hook', async () => {
    const remote = join(base.dir, 'remote.git');
    git(base.dir, 'init', '-q', '--bare', remote);
    const repo = await gitProject(join(base.dir, 'push'));
    git(repo, 'remote', 'add', 'origin', remote);
    git(repo, 'push', '-q', 'origin', 'main');
    stage(repo, 'lib/held.ts');
    git(repo, 'commit', '-q', '-m', 'held');
    stage(repo, 'lib/free.ts');
    git(repo, 'commit', '-q', '-m', 'free');
    const fleet = await openFleet({ cwd: repo });
    try {
      expect((await fleetInProcess(repo, ['hooks', 'install', '--command', FLEET_COMMAND])).code).toBe(0);
      const viper1 = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
      const held = await viper1.reservations.reserve(['lib/held.ts']);
      const refused = await gitAs(repo, 'viper-2', 'push', '-q', 'origin', 'main');
      expect(refused.code).not.toBe(0);
      expect(refused.err).toContain('lib/held.ts: held by viper-1');
      expect(refused.err).not.toContain('lib/free.ts');
      // A new branch: its commits on no remote-tracking branch are checked.
      const branch = await gitAs(repo, 'viper-2', 'push', '-q', 'origin', 'main:feature');
      expect(branch.code).not.toBe(0);
      expect(branch.err).toContain('lib/held.ts: held by viper-1');

      await viper1.reservations.release(held.reservation_id);
      const passed = await gitAs(repo, 'viper-2', 'push', '-q', 'origin', 'main');
      expect(passed.code).toBe(0);
      expect(git(remote, 'log', '--oneline', 'main')).toContain('free');
    } finally {
      await fleet.close();
    }
  });
});

describe('the pre-push mode in process', () => {
  const base = tempDir('fleet-guard-');
  afterAll(base.remove);

  test('reads the refs on standard input; a deleted ref sends nothing; bad input is GUARD_INPUT_INVALID', async () => {
    const repo = await gitProject(join(base.dir, 'repo'));
    writeFileSync(join(repo, 'x.ts'), 'x\n');
    git(repo, 'add', 'x.ts');
    git(repo, 'commit', '-q', '-m', 'x');
    const fleet = await openFleet({ cwd: repo });
    try {
      const viper1 = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
      await viper1.reservations.reserve(['x.ts']);
      const head = git(repo, 'rev-parse', 'HEAD');
      const root = git(repo, 'rev-parse', 'HEAD~1');
      const zero = '0'.repeat(40);
      const push = (stdin: string) =>
        fleetInProcess(repo, ['guard', '--pre-push', 'origin', 'url'], { as: 'viper-2', stdin });
      const known = await push(`refs/heads/main ${head} refs/heads/main ${root}\n`);
      expect(known.code).toBe(1);
      expect(known.err).toContain('x.ts: held by viper-1');
      // A remote tip this repository never fetched: the commits on no remote-tracking branch are checked.
      expect((await push(`refs/heads/main ${head} refs/heads/main ${'b'.repeat(40)}\n`)).code).toBe(1);
      expect((await push(`(delete) ${zero} refs/heads/old ${head}\n`)).code).toBe(0);
      const bad = await push('nonsense\n');
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('GUARD_INPUT_INVALID');
    } finally {
      await fleet.close();
    }
  });
});
