import { describe, expect, test } from 'bun:test';

import fc from 'fast-check';

import { MAX_OVERLAP_STEPS, pathsOverlap } from '../../src/coordination/glob-overlap.js';

describe('pathsOverlap', () => {
  test.each([
    // path against path
    ['src/a.ts', 'src/a.ts', true],
    ['src/a.ts', 'src/b.ts', false],
    ['src/a.ts', 'src/a.tsx', false],
    // glob against path, both ways
    ['src/*.ts', 'src/a.ts', true],
    ['src/a.ts', 'src/*.ts', true],
    ['src/*.ts', 'src/deep/a.ts', false],
    ['src/**', 'src/deep/er/a.ts', true],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/a.md', false],
    ['**', 'anything/at/all', true],
    ['src/?.ts', 'src/ab.ts', false],
    ['src/?.ts', 'src/a.ts', true],
    ['img/[0-9].png', 'img/7.png', true],
    ['img/[0-9].png', 'img/x.png', false],
    ['lib/{a,b}.ts', 'lib/b.ts', true],
    ['lib/{a,b}.ts', 'lib/c.ts', false],
    // glob against glob
    ['src/*.ts', 'src/*.md', false],
    ['src/*.ts', 'src/a*', true],
    ['*.ts', 'src/*', false],
    ['**/*.ts', 'src/*', true],
    ['src/**', 'src/a/*.ts', true],
    ['src/**', 'lib/**', false],
    ['a*b', '*c*', true],
    ['[a-c]*', '[x-z]*', false],
    ['[a-c]*', '[c-e]x', true],
    ['docs/{a,b}/*.md', 'docs/b/x.md', true],
    // negated classes, decided exactly
    ['[!a]', 'a', false],
    ['[!a]', 'b', true],
    ['[^a-c]', '[a-c]', false],
    ['[!a]', '[!b]', true],
    // a trailing slash names a directory and covers everything below it
    ['src/parser/', 'src/parser/ast.ts', true],
    ['src/parser/', 'src/parser/deep/er.ts', true],
    ['src/parser/', 'src/parsers.ts', false],
    ['src/parser/', 'src/*/ast.ts', true],
    // case does not count
    ['Src/A.ts', 'src/a.ts', true],
    ['SRC/**', 'src/x.ts', true],
    ['[A-C].ts', 'b.ts', true],
    ['[a-c].ts', 'B.TS', true],
    ['[!A].ts', 'a.ts', false],
    // literal prefixes that disagree end the decision at once; those that agree go on to the walk
    ['src/m1/f1.ts', 'lib/g0/**', false],
    ['src/m1/**', 'src/m10/f.ts', false],
    ['src/m1*', 'src/m10/f.ts', false],
    ['src/m1*/**', 'src/m10/f.ts', true],
    ['SRC/M1/**', 'src/m1/f.ts', true],
    ['İ/a.ts', 'i/a.ts', true],
    ['𝒜/b.ts', '𝒜/b.ts', true],
    ['𝒜/b.ts', '𝒜/c.ts', false],
    ['src/[ab.ts', 'src/[ab.ts', true],
    ['src/[ab.ts', 'src/[ac.ts', false],
    ['src/{a,b}/x.ts', 'src/c/x.ts', false],
  ])('%j and %j overlap: %p', (a, b, expected) => {
    expect(pathsOverlap(a, b)).toBe(expected);
    expect(pathsOverlap(b, a)).toBe(expected);
  });

  test('past 32 brace alternatives (only in a log older than the bounds) the answer is "overlaps", never a miss', () => {
    const many = `src/{${Array.from({ length: 65 }, (_, i) => `f${i}`).join(',')}}.ts`;
    expect(pathsOverlap(many, 'src/f1.ts')).toBe(true);
    expect(pathsOverlap('src/f1.ts', many)).toBe(true);
  });

  test('20 brace groups answer at once (they took a second each before)', () => {
    const groups = `src/${'{a,b}'.repeat(20)}.ts`;
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) pathsOverlap(groups, `src/${'a'.repeat(20)}.ts`);
    expect((performance.now() - started) / 100).toBeLessThan(1);
  });

  test(`a walk past ${MAX_OVERLAP_STEPS} steps answers "overlaps", fast`, () => {
    // Two segments of 120 stars each (beyond the accepted bounds) with letters that never meet.
    const a = `${'*a'.repeat(120)}x`;
    const b = `${'*a'.repeat(120)}y`;
    expect(pathsOverlap(a, b)).toBe(true); // warm
    const started = performance.now();
    for (let i = 0; i < 20; i += 1) expect(pathsOverlap(a, b)).toBe(true);
    expect((performance.now() - started) / 20).toBeLessThan(5);
    // Within the steps, the same shape is decided exactly.
    expect(pathsOverlap(`${'*a'.repeat(4)}x`, `${'*a'.repeat(4)}y`)).toBe(false);
  });
});

const GLOB_TO_REGEXP: Record<string, string> = {
  '[!': '[^/',
  '{': '(?:',
  ',': '|',
  '}': ')',
  '?': '[^/]',
  '*': '[^/]*',
};

/**
 * An independent matcher: a glob as a regular expression over `/` + path (braces as alternation, `**` as any
 * run of whole segments, a trailing `/` as `/**`, case-insensitive).
 */
function globMatcher(pattern: string): (path: string) => boolean {
  const path = pattern.endsWith('/') ? `${pattern}**` : pattern;
  const source = path
    .split('/')
    .map((segment) =>
      segment === '**' ? '(?:/[^/]+)*' : `/${segment.replace(/\[!|[{,}?*]/g, (c) => GLOB_TO_REGEXP[c] ?? c)}`,
    )
    .join('');
  const regExp = new RegExp(`^${source}$`, 'i');
  return (candidate) => regExp.test(`/${candidate}`);
}

/** Every path of 1–3 segments of 1–2 characters of `abc`. */
const CANDIDATES = (() => {
  const segments = ['a', 'b', 'c'].flatMap((x) => [x, ...['a', 'b', 'c'].map((y) => x + y)]);
  const paths = [...segments];
  for (const x of segments) for (const y of segments) paths.push(`${x}/${y}`);
  for (const x of segments) for (const y of segments) for (const z of segments) paths.push(`${x}/${y}/${z}`);
  return paths;
})();

const token = fc.constantFrom('a', 'b', 'A', '?', '*', '[ab]', '[!a]', '[b-c]', '{a,b}', '{c,?}'); // no `*` in braces: `*{c,*}` expands to a `**`
const segment = fc.oneof(
  { weight: 1, arbitrary: fc.constant('**') },
  { weight: 4, arbitrary: fc.array(token, { minLength: 1, maxLength: 2 }).map((t) => t.join('')) },
);
const glob = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 2 }), fc.boolean())
  .map(([segments, directory]) => segments.join('/') + (directory && segments.at(-1) !== '**' ? '/' : ''));

describe('pathsOverlap against a brute-force matcher', () => {
  test('the independent matcher agrees with known cases', () => {
    expect(globMatcher('**/b')('a/b')).toBe(true);
    expect(globMatcher('**/b')('b')).toBe(true);
    expect(globMatcher('a/**')('a')).toBe(true);
    expect(globMatcher('a/**/b')('a/b')).toBe(true);
    expect(globMatcher('a/')('a/c/b')).toBe(true);
    expect(globMatcher('[!a]')('a')).toBe(false);
  });

  test('overlap exactly when some short path over a small alphabet matches both (property)', () => {
    fc.assert(
      fc.property(glob, glob, (a, b) => {
        const left = globMatcher(a);
        const right = globMatcher(b);
        const witness = CANDIDATES.some((path) => left(path) && right(path));
        expect(pathsOverlap(a, b)).toBe(witness);
      }),
      { numRuns: 400 },
    );
  });
});
