import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb } from '../src/index.js';
import { removeTempDirs, tempProject } from './helpers.js';

afterAll(removeTempDirs);

const FIXTURE = fileURLToPath(new URL('./fixtures/open-once.ts', import.meta.url));
/**
 * The capabilities that let root ignore file permissions. The tests run as root; the child runs as root without
 * them, so the permission bits stop it as they stop an ordinary user (and it can still read this checkout,
 * wherever it lies: a child switched to another user could not enter a private temporary directory).
 */
const DAC_CAPABILITIES = '-dac_override,-dac_read_search';

interface Outcome {
  readonly ok: boolean;
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
}

/** Opens `projectPath` in a child process whose permissions are checked (setpriv), and reads its report. */
async function openUnprivileged(projectPath: string): Promise<{ outcome: Outcome; exitCode: number }> {
  const child = Bun.spawn(
    ['setpriv', `--bounding-set=${DAC_CAPABILITIES}`, process.execPath, FIXTURE, projectPath],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const [text, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  return { outcome: JSON.parse(text.trim()) as Outcome, exitCode };
}

describe('permission failures at open are typed errors, never uncaught', () => {
  test('a project directory the process may not write: DatabaseOpenError', async () => {
    const projectPath = tempProject();
    chmodSync(projectPath, 0o555);
    const { outcome, exitCode } = await openUnprivileged(projectPath);
    expect(exitCode).toBe(1);
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseOpenError', code: 'DB_OPEN_FAILED' });
    expect(outcome.message).toContain('cannot create');
  });

  test('an unreadable .fleet/: DatabaseOpenError', async () => {
    const projectPath = tempProject();
    await closeFleetDb(createFleetDb({ projectPath }));
    chmodSync(join(projectPath, '.fleet'), 0o000);
    const { outcome, exitCode } = await openUnprivileged(projectPath);
    expect(exitCode).toBe(1);
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseOpenError', code: 'DB_OPEN_FAILED' });
  });

  test('a database file the process may only read: DatabaseOpenError', async () => {
    const projectPath = tempProject();
    mkdirSync(join(projectPath, '.fleet'), { mode: 0o777 });
    chmodSync(join(projectPath, '.fleet'), 0o777);
    writeFileSync(join(projectPath, '.fleet', 'fleet.db'), '');
    chmodSync(join(projectPath, '.fleet', 'fleet.db'), 0o444);
    const { outcome, exitCode } = await openUnprivileged(projectPath);
    expect(exitCode).toBe(1);
    expect(outcome).toMatchObject({ ok: false, name: 'DatabaseOpenError', code: 'DB_OPEN_FAILED' });
  });

  test('the same child, given a project it may write, succeeds (the check above is about permissions)', async () => {
    const projectPath = tempProject();
    chmodSync(projectPath, 0o777);
    expect((await openUnprivileged(projectPath)).outcome).toEqual({ ok: true });
  });
});
