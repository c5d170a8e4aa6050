import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { closeFleetDb, createFleetDb } from '@fleettools/db';
import { createEvent, EventStore } from '@fleettools/events';
import { afterAll, describe, expect, test } from 'bun:test';

import {
  findProjectRoot,
  initProject,
  InitTargetError,
  NoProjectError,
  openFleet,
  ProjectIdentityMissingError,
  UnknownProjectKeyError,
} from '../src/index.js';
import { failureOf } from './support/failure.js';
import { fleet, gitRepoWithWorktree, tempDir } from './support/run.js';

describe('a project is found upward and created only by init', () => {
  const base = tempDir();
  afterAll(base.remove);

  test('outside git: init creates it in the working directory; subdirectories find it and get none', async () => {
    const root = join(base.dir, 'plain');
    mkdirSync(join(root, 'src', 'deep'), { recursive: true });
    expect(() => findProjectRoot(join(root, 'src'))).toThrow(NoProjectError);
    const result = await initProject({ cwd: root });
    expect(result).toMatchObject({ root, created: true, gitignored: false });
    expect(result.projectKey).toStartWith('project-');
    expect(findProjectRoot(join(root, 'src', 'deep'))).toBe(root);
    const again = await initProject({ cwd: root });
    expect(again).toMatchObject({ created: false, projectKey: result.projectKey });
    const fleetInDeep = await openFleet({ cwd: join(root, 'src', 'deep') });
    expect(fleetInDeep.root).toBe(root);
    await fleetInDeep.close();
    expect(existsSync(join(root, 'src', 'deep', '.fleet'))).toBe(false);
  });

  test('in git: init from a worktree creates at the main working tree and ignores .fleet/ once', async () => {
    const { repo, worktree } = gitRepoWithWorktree(join(base.dir, 'git'));
    writeFileSync(join(repo, '.gitignore'), 'node_modules');
    const result = await initProject({ cwd: join(worktree, 'src') });
    expect(result).toMatchObject({ root: repo, created: true, gitignored: true });
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toBe('node_modules\n.fleet/\n');
    expect((await initProject({ cwd: repo })).gitignored).toBe(false);
    expect(findProjectRoot(join(worktree, 'src', 'deep'))).toBe(repo);
  });

  test('init refuses a directory that does not exist or is a file', async () => {
    expect(await failureOf(initProject({ cwd: base.dir, dir: 'nope' }))).toBeInstanceOf(InitTargetError);
    writeFileSync(join(base.dir, 'file'), '');
    expect(await failureOf(initProject({ cwd: base.dir, dir: 'file' }))).toMatchObject({
      details: { reason: 'not a directory' },
    });
  });
});

describe('the project identity', () => {
  const base = tempDir();
  afterAll(base.remove);

  test('a moved copy shows its own events', async () => {
    const original = join(base.dir, 'original');
    mkdirSync(original);
    expect((await fleet(original, ['init'])).code).toBe(0);
    expect((await fleet(original, ['register'], { as: 'viper-1' })).code).toBe(0);
    const copy = join(base.dir, 'moved', 'elsewhere');
    mkdirSync(join(base.dir, 'moved'));
    cpSync(original, copy, { recursive: true });
    const log = await fleet(copy, ['log', '--json']);
    expect(log.code).toBe(0);
    expect(JSON.parse(log.out)).toMatchObject({ type: 'pilot_registered', callsign: 'viper-1', sequence: 1 });
    const status = await fleet(copy, ['status', '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ root: copy, latest_sequence: 1 });
  });

  test('asking for a key the database does not hold is a clear error', async () => {
    const root = join(base.dir, 'original');
    const run = await fleet(root, ['status', '--project-key', root]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('UNKNOWN_PROJECT_KEY');
    expect(await failureOf(openFleet({ cwd: root, projectKey: root }))).toBeInstanceOf(
      UnknownProjectKeyError,
    );
  });

  test('a database made before identities is refused until init adopts the key of its events', async () => {
    const legacy = join(base.dir, 'legacy');
    mkdirSync(legacy);
    const db = createFleetDb({ projectPath: legacy });
    await EventStore.fromDb(db).append(
      createEvent('pilot_registered', { project_key: legacy, callsign: 'old-1' }),
      legacy,
    );
    await closeFleetDb(db);
    expect(await failureOf(openFleet({ cwd: legacy }))).toBeInstanceOf(ProjectIdentityMissingError);
    expect((await initProject({ cwd: legacy })).projectKey).toBe(legacy);
    const opened = await openFleet({ cwd: legacy });
    expect((await opened.status()).pilots.map((p) => p.callsign)).toEqual(['old-1']);
    await opened.close();
  });
});
