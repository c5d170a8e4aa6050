import { describe, expect, test } from 'bun:test';

import { readmeExamples, runExample } from '../../../../scripts/readme-examples.js';

// Every TypeScript block of the repository's README.md runs as a newcomer would run it: a file at the root,
// `bun file`, with the workspace packages installed.
const ROOT = new URL('../../../../', import.meta.url);
const examples = readmeExamples(new URL('README.md', ROOT));

describe('root README examples run', () => {
  test('there is a quick start', () => {
    expect(examples.length).toBeGreaterThanOrEqual(1);
  });

  test.each(examples.map((code, i) => [i + 1, code] as const))('example %d', async (i, code) => {
    const run = await runExample(code, new URL(`.readme-example-root-${i}.ts`, ROOT));
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toBe('');
  });
});
