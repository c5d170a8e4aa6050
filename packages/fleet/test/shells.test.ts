import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import { FLEET_SOURCE, gitRepoWithWorktree, tempDir } from './support/run.js';
import { runProcess } from './support/spawn.js';

/** Runs a script in a real `bash`, in `cwd`, with the `fleet` program on hand as `$FLEET`. */
function shell(cwd: string, script: string, callsign: string) {
  return runProcess(['bash', '-c', script], {
    cwd,
    env: { ...process.env, FLEET: `bun ${FLEET_SOURCE}`, FLEET_CALLSIGN: callsign },
  });
}

describe('two real shells on one repository', () => {
  const base = tempDir();
  afterAll(base.remove);
  const { repo, worktree } = gitRepoWithWorktree(base.dir);

  test('in two subdirectories and two worktrees they see one log, and an exclusive reservation is refused across', async () => {
    const init = await shell(join(worktree, 'src', 'deep'), '$FLEET init', 'nobody');
    expect(init.err).toBe('');
    // `fleet init` in a linked worktree's subdirectory creates the project at the main working tree.
    expect(init.out).toContain(`created ${repo}/.fleet/fleet.db`);
    expect(existsSync(join(worktree, '.fleet'))).toBe(false);

    const one = await shell(
      join(repo, 'src'),
      '$FLEET register && $FLEET reserve deep/a.ts --exclusive --ttl 10m',
      'viper-1',
    );
    expect(one.err).toBe('');
    expect(one.out).toContain('src/deep/a.ts');

    // Another shell, another worktree, another subdirectory: the same path as git names it.
    const two = await shell(
      join(worktree, 'src', 'deep'),
      '$FLEET register && $FLEET reserve a.ts',
      'viper-2',
    );
    expect(two.code).toBe(1);
    expect(two.err).toContain('RESERVATION_CONFLICT');
    expect(two.err).toContain('viper-1');

    const logs = await Promise.all([
      shell(join(repo, 'src', 'deep'), '$FLEET log --json', 'viper-1'),
      shell(worktree, '$FLEET log --json', 'viper-2'),
    ]);
    expect(logs[0].out).toBe(logs[1].out);
    const types = logs[0].out
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(['pilot_registered', 'file_reserved', 'pilot_registered', 'file_conflict']);
    for (const dir of [
      join(repo, 'src'),
      join(repo, 'src', 'deep'),
      join(worktree, 'src'),
      join(worktree, 'src', 'deep'),
    ]) {
      expect(existsSync(join(dir, '.fleet'))).toBe(false);
    }
  }, 60_000);

  test('outside any project a command fails naming fleet init and creates nothing', async () => {
    const outside = tempDir();
    try {
      writeFileSync(join(outside.dir, 'a.ts'), '');
      const run = await shell(outside.dir, '$FLEET reserve a.ts', 'viper-1');
      expect(run.code).toBe(1);
      expect(run.err).toContain('NO_PROJECT');
      expect(run.err).toContain('fleet init');
      expect(existsSync(join(outside.dir, '.fleet'))).toBe(false);
    } finally {
      outside.remove();
    }
  });
});
