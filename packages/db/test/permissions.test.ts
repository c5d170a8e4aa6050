import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb } from '../src/index.js';
import { removeTempDirs, tempProject } from './helpers.js';

afterAll(removeTempDirs);

const FIXTURE = fileURLToPath(new URL('./fixtures/open-once.ts', import.meta.url));
/** The unprivileged user the child runs as: the tests run as root, whom permissions never stop. */
const NOBODY = '65534';

interface Outcome {
  readonly ok: boolean;
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
}

/** Opens `projectPath` in a child process running as `nobody` (setpriv), and reads its report. */
async function openAsNobody(projectPath: string): Promise<{ outcome: Outcome; exitCode: number }> {
  const child = Bun.spawn(
    [
      'setpriv',
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      process.execPath,
      FIXTURE,
      projectPath,
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const [text, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  return { outcome: JSON.parse(text.trim()) as Outcome, exitCode };
}

/** A project directory `nobody` can reach. */
function reachableProject(): string {
  const projectPath = tempProject();
  chmodSync(projectPath, 0o755);
  return projectPath;
}

describe('permission failures at open are typed errors, never uncaught', () => {
  test('a project directory the process may not write: DatabaseOpenError', async () => {
    const projectPath = reachableProject();
    chmodSync(projectPath, 0o555);
    const { outcome, exitCode } = await openAsNobody(projectPath);
    expect(exitCode).toBe(1);
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseOpenError', code: 'DB_OPEN_FAILED' });
    expect(outcome.message).toContain('cannot create');
  });

  test('an unreadable .fleet/: DatabaseOpenError', async () => {
    const projectPath = reachableProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    chmodSync(join(projectPath, '.fleet'), 0o000);
    const { outcome, exitCode } = await openAsNobody(projectPath);
    expect(exitCode).toBe(1);
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseOpenError', code: 'DB_OPEN_FAILED' });
  });

  test('a database file the process may only read: DatabaseOpenError', async () => {
    const projectPath = reachableProject();
    mkdirSync(join(projectPath, '.fleet'), { mode: 0o777 });
    chmodSync(join(projectPath, '.fleet'), 0o777);
    writeFileSync(join(projectPath, '.fleet', 'fleet.db'), '');
    chmodSync(join(projectPath, '.fleet', 'fleet.db'), 0o444);
    const { outcome, exitCode } = await openAsNobody(projectPath);
    expect(exitCode).toBe(1);
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseOpenError', code: 'DB_OPEN_FAILED' });
  });

  test('the same child, given a project it may write, succeeds (the check above is about permissions)', async () => {
    const projectPath = reachableProject();
    chmodSync(projectPath, 0o777);
    expect((await openAsNobody(projectPath)).outcome).toEqual({ ok: true });
  });
});
