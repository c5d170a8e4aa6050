import { describe, expect, test } from 'bun:test';

import {
  MAX_GLOB_ALTERNATIVES,
  MAX_GLOB_WILDCARDS,
  PathValidationError,
  checkGlobComplexity,
  countWildcards,
  expandBraces,
} from '../src/index.js';

describe('expandBraces', () => {
  test('every alternative, nested too, without duplicates', () => {
    expect(expandBraces('{a,b}.{ts,js}')).toEqual(['a.ts', 'a.js', 'b.ts', 'b.js']);
    expect(expandBraces('x{a,{b,c}}')).toEqual(['xa', 'xb', 'xc']);
    expect(expandBraces('{a,a}')).toEqual(['a']);
    expect(expandBraces('no-braces')).toEqual(['no-braces']);
    expect(expandBraces('{}x')).toEqual(['x']);
  });

  test('an unmatched brace and a comma outside braces are plain characters', () => {
    expect(expandBraces('a{b')).toEqual(['a{b']);
    expect(expandBraces('a}b,c')).toEqual(['a}b,c']);
    expect(expandBraces('{a{b}')).toEqual(['{ab']);
  });

  test('past the limit: undefined, known without expanding (2^1000 alternatives are refused at once)', () => {
    expect(expandBraces('{a,b}'.repeat(6))).toBeUndefined();
    expect(expandBraces('{a,b}'.repeat(5))).toHaveLength(32);
    const started = performance.now();
    expect(expandBraces('{a,b}'.repeat(1000))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('checkGlobComplexity', () => {
  test('returns a pattern within the bounds', () => {
    const most = `{${Array.from({ length: MAX_GLOB_ALTERNATIVES }, (_, i) => `f${i}`).join(',')}}`;
    expect(checkGlobComplexity(most)).toBe(most);
    const stars = '*a'.repeat(MAX_GLOB_WILDCARDS);
    expect(checkGlobComplexity(stars)).toBe(stars);
    expect(countWildcards('src/**/[ab]?.*')).toBe(4);
  });

  test.each([
    [
      'too many alternatives',
      `{${Array.from({ length: MAX_GLOB_ALTERNATIVES + 1 }, (_, i) => `f${i}`).join(',')}}`,
      /alternatives/,
    ],
    ['too many wildcards', '*a'.repeat(MAX_GLOB_WILDCARDS + 1), /wildcards/],
  ])('%s: PATH_INVALID naming the bound', (_name, pattern, reason) => {
    try {
      checkGlobComplexity(pattern);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(PathValidationError);
      expect((error as PathValidationError).code).toBe('PATH_INVALID');
      expect((error as PathValidationError).message).toMatch(reason);
    }
  });
});
