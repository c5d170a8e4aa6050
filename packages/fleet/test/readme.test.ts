import { describe, expect, test } from 'bun:test';

import { readmeExamples, runExample } from '../../../scripts/readme-examples.js';

// Every TypeScript example of the README runs, as a user would run it.
const examples = readmeExamples(new URL('../README.md', import.meta.url));

describe('README examples run', () => {
  test('the orchestrator scenario is 30 lines or fewer', () => {
    expect(examples[0]?.trim().split('\n').length).toBeLessThanOrEqual(30);
  });

  test.each(examples.map((code, i) => [i + 1, code] as const))('example %d', async (i, code) => {
    const run = await runExample(code, new URL(`./.readme-example-${i}.ts`, import.meta.url));
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    if (i === 1) {
      expect(run.stdout).toContain('[ "completed", "completed", "completed" ]');
    }
    if (i === 2) expect(run.stdout).toContain('RESERVATION_CONFLICT viper-1');
    // Two agents claiming at once work the dependent sorties in order, each once.
    if (i === 3) expect(run.stdout).toContain('[ "lexer", "parser", "docs" ]\n[]');
  });
});
