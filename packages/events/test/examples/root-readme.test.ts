import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, test } from 'bun:test';

// Every TypeScript block of the repository's README.md runs as a newcomer would run it: a file at the root,
// `bun file`, with the workspace packages installed.
const ROOT = new URL('../../../../', import.meta.url);
const blocks = [...readFileSync(new URL('README.md', ROOT), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1] ?? '',
);
const written: string[] = [];
afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
});

describe('root README examples run', () => {
  test('there is a quick start', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
  });

  test.each(blocks.map((code, i) => [i + 1, code] as const))('example %d', async (i, code) => {
    const file = fileURLToPath(new URL(`.readme-example-root-${i}.ts`, ROOT));
    written.push(file);
    writeFileSync(file, code);
    const proc = Bun.spawn(['bun', file], { stdout: 'pipe', stderr: 'pipe' });
    const [exitCode, stdout, stderr] = await Promise.all([
      proc.exited,
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
    ]);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout).not.toBe('');
  });
});
