import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, expect, test } from 'bun:test';

import { runProcess } from '../support/spawn.js';

// `bun run demo` as a newcomer runs it (root package.json: "demo": "bun scripts/demo.ts"), on a fresh project.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'fleet-demo-test-'));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

test('bun run demo: pilots coordinate, one is killed and recovered, and the replay check passes', async () => {
  const started = Date.now();
  const { code, out, err } = await runProcess(['bun', 'run', 'demo', '--project', project], { cwd: ROOT });
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) console.error(out, err);
  expect(code).toBe(0);
  expect(seconds).toBeLessThan(30);
  for (const name of ['lead', 'viper-1', 'viper-2', 'viper-3']) expect(out).toContain(`started ${name}`);
  expect(out).toContain('✖ SIGKILL viper-2');
  expect(out).toMatch(/viper-3 +DENIED src\/parser\.ts \(held by viper-2\)/);
  expect(out).toMatch(/RECOVERS viper-2's "Write the parser"/);
  expect(out).toMatch(/viper-2 +stale \(silent past its TTL\) +killed by SIGKILL/);
  expect(out).toMatch(/Sorties of mission "Ship the expression parser" \(completed\)/);
  expect(out.match(/ completed +100% {2}by viper-/g)).toHaveLength(3);
  expect(out).toMatch(/Reservations: \d+ granted, [1-9]\d* denied/);
  expect(out).toMatch(
    /\nPASS {2}replayEvents rebuilt \d+ events; \d+ rows in \d+ projection tables equal the live ones\n/,
  );
  expect(out).not.toContain('PROBLEM');
}, 30_000);
