import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import { openFleet } from '../src/fleet.js';
import { FLEET_COMMAND, gitAs, gitProject, stage } from './support/git-project.js';
import { fleetInProcess, git, tempDir } from './support/run.js';

/** A hand-written hook whose effect is visible: it appends its name and `$0` to `effect.log` in the worktree. */
const HAND_WRITTEN = '#!/bin/sh\necho "hand-written $0" >> effect.log\n';

const hooks = (cwd: string, ...args: string[]) => fleetInProcess(cwd, ['hooks', ...args]);

describe('fleet hooks install | uninstall | status', () => {
  const base = tempDir('fleet-hooks-');
  afterAll(base.remove);

  test('install over a hand-written hook chains it (its effect still happens); uninstall restores it as it was', async () => {
    const repo = await gitProject(join(base.dir, 'chain'));
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, HAND_WRITTEN);
    chmodSync(hook, 0o750);
    expect((await hooks(repo, 'status')).out).toContain('pre-commit  foreign');

    const installed = await hooks(repo, 'install', '--command', FLEET_COMMAND);
    expect(installed.code).toBe(0);
    expect(installed.out).toContain(`then chains ${hook}.fleet-chained`);
    expect(installed.out).toContain('pre-push    installed');
    // Installing again rewrites fleet's hook and keeps the one it chains.
    expect((await hooks(repo, 'install', '--command', FLEET_COMMAND)).code).toBe(0);
    expect(readFileSync(`${hook}.fleet-chained`, 'utf8')).toBe(HAND_WRITTEN);

    stage(repo, 'a.ts');
    const commit = await gitAs(repo, 'viper-1', 'commit', '-q', '-m', 'a');
    expect(commit.err).toBe('');
    expect(commit.code).toBe(0);
    // The chained hook ran, and saw $0 naming the hook git ran.
    expect(readFileSync(join(repo, 'effect.log'), 'utf8')).toMatch(
      /^hand-written \S*\.git\/hooks\/pre-commit\n$/,
    );

    const removed = await hooks(repo, 'uninstall', '--json');
    expect(JSON.parse(removed.out)).toMatchObject([
      { hook: 'pre-commit', state: 'foreign' },
      { hook: 'pre-push', state: 'absent' },
    ]);
    expect(readFileSync(hook, 'utf8')).toBe(HAND_WRITTEN);
    expect(statSync(hook).mode & 0o777).toBe(0o750);
    expect(existsSync(`${hook}.fleet-chained`)).toBe(false);
    // Uninstalling twice leaves the other hook alone.
    expect((await hooks(repo, 'uninstall')).out).toContain('pre-commit  foreign');
  });

  test('a failing chained hook stops the commit before the guard runs', async () => {
    const repo = await gitProject(join(base.dir, 'failing'));
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/usr/bin/env bash\necho "lint failed" >&2\nexit 3\n');
    chmodSync(hook, 0o755);
    expect((await hooks(repo, 'install', '--command', FLEET_COMMAND)).code).toBe(0);
    stage(repo, 'a.ts');
    const commit = await gitAs(repo, 'viper-1', 'commit', '-q', '-m', 'a');
    expect(commit.code).not.toBe(0);
    expect(commit.err).toContain('lint failed');
  });

  test('a chained hook that is not a shell script (node) is run as a program, with the pre-push input', async () => {
    const remote = join(base.dir, 'node-remote.git');
    git(base.dir, 'init', '-q', '--bare', remote);
    const repo = await gitProject(join(base.dir, 'node'));
    git(repo, 'remote', 'add', 'origin', remote);
    const hook = join(repo, '.git', 'hooks', 'pre-push');
    writeFileSync(
      hook,
      "#!/usr/bin/env node\nconst input = require('node:fs').readFileSync(0, 'utf8');\nrequire('node:fs').appendFileSync('effect.log', `node ${process.argv[2]} ${input.split(' ')[0]}\\n`);\n",
    );
    chmodSync(hook, 0o755);
    expect((await hooks(repo, 'install', '--command', FLEET_COMMAND)).code).toBe(0);
    const push = await gitAs(repo, 'viper-1', 'push', '-q', 'origin', 'main');
    expect(push.err).toBe('');
    expect(push.code).toBe(0);
    expect(readFileSync(join(repo, 'effect.log'), 'utf8')).toBe('node origin refs/heads/main\n');
  });

  test('core.hooksPath is honoured, and a husky-style hook that finds its script by $0 still runs', async () => {
    const repo = await gitProject(join(base.dir, 'husky'));
    mkdirSync(join(repo, '.husky', '_'), { recursive: true });
    git(repo, 'config', 'core.hooksPath', '.husky/_');
    // husky 9's layout: .husky/_/<hook> sources .husky/_/h, which runs .husky/<basename of $0>.
    writeFileSync(
      join(repo, '.husky', '_', 'h'),
      '#!/usr/bin/env sh\nn=$(basename "$0")\nsh -e "$(dirname "$(dirname "$0")")/$n"\n',
    );
    writeFileSync(join(repo, '.husky', '_', 'pre-commit'), '#!/usr/bin/env sh\n. "${0%/*}/h"\n');
    chmodSync(join(repo, '.husky', '_', 'pre-commit'), 0o755);
    writeFileSync(join(repo, '.husky', 'pre-commit'), 'echo "husky ran" >> effect.log\n');

    const installed = await hooks(join(repo, '.husky'), 'install', '--command', FLEET_COMMAND, '--warn');
    expect(installed.out).toContain(
      `${join(repo, '.husky', '_', 'pre-commit')}  (fleet guard --warn, then chains`,
    );
    expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);

    const fleet = await openFleet({ cwd: repo });
    try {
      const viper1 = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
      await viper1.reservations.reserve(['held.ts']);
      stage(repo, 'held.ts');
      // Installed with --warn: the commit goes through, with the report on stderr.
      const commit = await gitAs(repo, 'viper-2', 'commit', '-q', '-m', 'held');
      expect(commit.code).toBe(0);
      expect(commit.err).toContain('held.ts: held by viper-1');
      expect(commit.err).toContain('warning (--warn, not refused)');
      expect(readFileSync(join(repo, 'effect.log'), 'utf8')).toBe('husky ran\n');
    } finally {
      await fleet.close();
    }
  });

  test('from a linked worktree: installed in the hooks every worktree shares, and run by a commit there', async () => {
    const repo = await gitProject(join(base.dir, 'shared'));
    const linked = join(base.dir, 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', linked);
    expect((await hooks(linked, 'install', '--command', FLEET_COMMAND)).out).toContain(
      join(repo, '.git', 'hooks', 'pre-commit'),
    );
    const fleet = await openFleet({ cwd: repo });
    try {
      const viper1 = await fleet.register({ callsign: 'viper-1', heartbeatMs: 0 });
      await viper1.reservations.reserve(['src/**']);
      stage(linked, 'src/deep/x.ts');
      const commit = await gitAs(linked, 'viper-2', 'commit', '-q', '-m', 'x');
      expect(commit.code).toBe(1);
      expect(commit.err).toContain('src/deep/x.ts: held by viper-1 (exclusive, src/**');
    } finally {
      await fleet.close();
    }
  });

  test('a leftover <hook>.fleet-chained beside another hook blocks install, which writes nothing', async () => {
    const repo = await gitProject(join(base.dir, 'leftover'));
    const hook = join(repo, '.git', 'hooks', 'pre-push');
    writeFileSync(hook, HAND_WRITTEN);
    writeFileSync(`${hook}.fleet-chained`, HAND_WRITTEN);
    const run = await hooks(repo, 'install');
    expect(run.code).toBe(1);
    expect(run.err).toContain('HOOK_INSTALL_BLOCKED');
    expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  test('usage errors: an unknown action, install options on another action, a multi-line command', async () => {
    const repo = await gitProject(join(base.dir, 'usage'));
    expect((await hooks(repo, 'frob')).code).toBe(2);
    expect((await hooks(repo, 'status', '--warn')).err).toContain('--warn and --command go with install');
    expect((await hooks(repo, 'install', '--command', 'a\nb')).err).toContain('expected one line');
    expect((await hooks(repo, 'status')).out).toContain('pre-commit  absent');
  });
});
