import { afterAll, describe, expect, test } from 'bun:test';

import { readmeExamples, runExample } from '../../../scripts/readme-examples.js';
import { removeTempDirs, tempProject } from './helpers.js';

// Every TypeScript example of the README runs, as a user would run it, in an empty directory (examples that
// use process.cwd() create their project there).
const examples = readmeExamples(new URL('../README.md', import.meta.url));

afterAll(removeTempDirs);

describe('README examples run', () => {
  test('there are examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  test.each(examples.map((code, i) => [i + 1, code] as const))('example %d', async (i, code) => {
    const run = await runExample(code, new URL(`./.readme-example-${i}.ts`, import.meta.url), tempProject());
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  });
});
