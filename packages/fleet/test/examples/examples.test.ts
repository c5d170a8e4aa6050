import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, test } from 'bun:test';

import { runProcess } from '../support/spawn.js';

// Every program of examples/ runs as the README says: `bun examples/<name>.ts [PROJECT_DIR]`.
const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs one example on a fresh project; returns its exit code and output. */
function run(name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-example-test-'));
  dirs.push(dir);
  return runProcess(['bun', join(EXAMPLES, name), dir]);
}

describe('examples/', () => {
  test('holds at least the three programs the README lists', () => {
    const programs = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'));
    for (const name of ['coordinator.ts', 'pilot-inbox.ts', 'reservation-race.ts'])
      expect(programs).toContain(name);
  });

  test('pilot-inbox: registers, reads and acks its messages, deregisters', async () => {
    const { code, out, err } = await run('pilot-inbox.ts');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('viper-1 got "Take the lexer" from lead');
    expect(out).toContain('viper-1 deregistered');
  });

  test('coordinator: a mission split into three sorties, each assigned', async () => {
    const { code, out, err } = await run('coordinator.ts');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.match(/ → viper-\d/g)).toHaveLength(3);
    expect(out).toContain('mission "Health checks" is in_progress with 3 sorties');
  });

  test('reservation-race: one winner at a time, the others refused and retrying', async () => {
    const { code, out, err } = await run('reservation-race.ts');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.match(/holds src\/config\.ts/g)).toHaveLength(3);
    expect(out).toMatch(/3 reservations granted one after another, [1-9]\d* refusals recorded/);
  });
});
