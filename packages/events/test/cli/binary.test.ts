import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, test } from 'bun:test';

import { tempProject } from './support.js';

// The real executable's source, run by Bun (its built form, `dist/bin/fleet.js`, runs under Node in the
// repository's install test).
const FLEET = ['bun', fileURLToPath(new URL('../../src/bin/fleet.ts', import.meta.url))];

/** Runs the fleet binary in `cwd`, with `stdin` piped in when given. */
async function fleet(cwd: string, args: string[], stdin?: string) {
  const proc = Bun.spawn([...FLEET, ...args], {
    cwd,
    stdin: stdin === undefined ? 'ignore' : new TextEncoder().encode(stdin),
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [code, out, err] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, out, err };
}

describe('the fleet binary', () => {
  const project = tempProject();
  afterAll(project.remove);

  test('--help prints the commands', async () => {
    const run = await fleet(project.dir, ['--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Usage: fleet <command>');
  });

  test('append from standard input, then status and log read it back', async () => {
    const appended = await fleet(
      project.dir,
      ['append', '--type', 'pilot_registered'],
      '{"callsign":"viper-1"}',
    );
    expect(appended.err).toBe('');
    expect(appended.code).toBe(0);
    const status = await fleet(project.dir, ['status']);
    expect(status.code).toBe(0);
    expect(status.out).toContain('latest sequence  1');
    expect(status.out).toMatch(/viper-1 +active/);
    const log = await fleet(project.dir, ['log', '--json']);
    expect(JSON.parse(log.out)).toMatchObject({ type: 'pilot_registered', callsign: 'viper-1', sequence: 1 });
  });

  test('an error is one line on stderr and a non-zero exit code', async () => {
    const run = await fleet(project.dir, ['log', '--limit', 'x']);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toBe(
      "fleet log: --limit: expected an integer from 1 to 100000, got 'x' (see fleet log --help)\n",
    );
  });

  test('replay --verify passes', async () => {
    const run = await fleet(project.dir, ['replay', '--verify']);
    expect(run.code).toBe(0);
    expect(run.out).toStartWith('replay --verify: PASS');
  });

  test('log --follow stops cleanly on SIGINT', async () => {
    const proc = Bun.spawn([...FLEET, 'log', '--follow', '--interval', '20'], {
      cwd: project.dir,
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const reader = proc.stdout.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('pilot_registered');
    proc.kill('SIGINT');
    expect(await proc.exited).toBe(0);
  });
});
