import { afterAll, describe, expect, test } from 'bun:test';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { removeTempDirs, tempProject } from './helpers.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const blocks = [...readFileSync(README, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1] ?? '',
);
const written: string[] = [];

afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
  removeTempDirs();
});

describe('README examples run', () => {
  test('there are examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  test.each(blocks.map((code, i) => [i + 1, code] as const))('example %d', async (i, code) => {
    // Inside the package so `@fleettools/db` resolves; run in an empty directory (process.cwd() examples).
    const file = fileURLToPath(new URL(`./.readme-example-${i}.ts`, import.meta.url));
    written.push(file);
    writeFileSync(file, code);
    const proc = Bun.spawn(['bun', file], { cwd: tempProject(), stdout: 'pipe', stderr: 'pipe' });
    const [exitCode, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
  });
});
