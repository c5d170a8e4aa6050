import { describe, expect, test } from 'bun:test';

import fc from 'fast-check';

import { expandBraces, pathsOverlap } from '../../src/coordination/glob-overlap.js';

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
    ['[!a]', 'a', true], // negated classes are taken to overlap: conservative
    ['docs/{a,b}/*.md', 'docs/b/x.md', true],
  ])('%j and %j overlap: %p', (a, b, expected) => {
    expect(pathsOverlap(a, b)).toBe(expected);
    expect(pathsOverlap(b, a)).toBe(expected);
  });

  // Invariant: whenever one concrete path matches both patterns, they are reported as overlapping.
  test('never misses an overlap a concrete path shows (property)', () => {
    const segment = fc.stringMatching(/^[ab]{1,3}$/);
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
    const globOf = (p: string) =>
      fc.array(fc.constantFrom('keep', 'star', 'any', 'deep'), { minLength: 1, maxLength: 3 }).map((ops) =>
        p
          .split('/')
          .map((seg, i) => {
            const op = ops[i % ops.length];
            if (op === 'star') return `${seg[0] ?? ''}*`;
            if (op === 'any') return seg.replace(/./, '?');
            if (op === 'deep') return '**';
            return seg;
          })
          .join('/'),
      );
    fc.assert(
      fc.property(
        path.chain((p) => fc.tuple(fc.constant(p), globOf(p), globOf(p))),
        ([p, a, b]) => {
          expect(pathsOverlap(a, p)).toBe(true);
          expect(pathsOverlap(a, b)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('expandBraces', () => {
  test('every alternative, nested too', () => {
    expect(expandBraces('{a,b}.{ts,js}').sort()).toEqual(['a.js', 'a.ts', 'b.js', 'b.ts']);
    expect(expandBraces('x{a,{b,c}}')).toEqual(['xa', 'xb', 'xc']);
    expect(expandBraces('no-braces')).toEqual(['no-braces']);
  });

  test('past 64 alternatives the pattern is kept as written', () => {
    const many = '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}';
    expect(expandBraces(many)).toEqual([many]);
  });
});
