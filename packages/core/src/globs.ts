import { PathValidationError } from './errors.js';

/** Most alternatives one pattern's braces may stand for (`{a,b}{c,d}` stands for 4). */
export const MAX_GLOB_ALTERNATIVES = 32;
/** Most wildcards (`*`, `?`, `[…]`) one pattern may hold, `**` counting as one. */
export const MAX_GLOB_WILDCARDS = 32;

/** A run of a pattern: text, or a brace group whose alternatives are themselves runs. */
type Part = string | readonly Run[];
type Run = readonly Part[];

/**
 * Parses braces: `{` opens a group when a matching `}` closes it (otherwise it is a plain character), `,`
 * separates alternatives inside a group, groups nest. Iterative, linear in the length.
 */
function parseBraces(pattern: string): Run {
  interface Frame {
    readonly alternatives: Part[][];
    readonly start: number;
  }
  const root: Part[] = [];
  const stack: Frame[] = [];
  const current = (): Part[] => stack.at(-1)?.alternatives.at(-1) ?? root;
  const closes = closingBraces(pattern);
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    const frame = stack.at(-1);
    if (c === '{' && closes.has(i)) {
      stack.push({ alternatives: [[]], start: i });
    } else if (c === ',' && frame !== undefined) {
      frame.alternatives.push([]);
    } else if (c === '}' && frame !== undefined && closes.get(frame.start) === i) {
      stack.pop();
      current().push(frame.alternatives);
    } else {
      const run = current();
      const last = run.at(-1);
      if (typeof last === 'string') run[run.length - 1] = last + c;
      else run.push(c);
    }
  }
  return root;
}

/** For each `{` that has a matching `}`, where that `}` is. */
function closingBraces(pattern: string): Map<number, number> {
  const open: number[] = [];
  const closes = new Map<number, number>();
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i] === '{') open.push(i);
    else if (pattern[i] === '}') {
      const start = open.pop();
      if (start !== undefined) closes.set(start, i);
    }
  }
  return closes;
}

/** How many alternatives a run stands for, counted without expanding and saturated at `limit + 1`. */
function countRun(run: Run, limit: number): number {
  let count = 1;
  for (const part of run) {
    if (typeof part === 'string') continue;
    let sum = 0;
    for (const alternative of part) sum = Math.min(limit + 1, sum + countRun(alternative, limit));
    count = Math.min(limit + 1, count * sum);
  }
  return count;
}

function expandRun(run: Run): string[] {
  let results = [''];
  for (const part of run) {
    if (typeof part === 'string') {
      results = results.map((prefix) => prefix + part);
    } else {
      const choices = part.flatMap(expandRun);
      results = results.flatMap((prefix) => choices.map((choice) => prefix + choice));
    }
  }
  return results;
}

/**
 * Every alternative a pattern's braces stand for (`{a,b}.{ts,js}`: `a.ts`, `a.js`, `b.ts`, `b.js`; `x{a,{b,c}}`:
 * `xa`, `xb`, `xc`), without duplicates; `undefined` when there are more than `limit`. The count is known
 * before anything is expanded, so the cost is bounded by `limit` whatever the pattern.
 *
 * @example expandBraces('lib/{a,b}.ts') // ['lib/a.ts', 'lib/b.ts']
 */
export function expandBraces(pattern: string, limit = MAX_GLOB_ALTERNATIVES): string[] | undefined {
  const run = parseBraces(pattern);
  if (countRun(run, limit) > limit) return undefined;
  return [...new Set(expandRun(run))];
}

/** How many wildcards a pattern holds: each `*` run (so `**` is one), `?` and `[`. */
export function countWildcards(pattern: string): number {
  return pattern.match(/\*+|\?|\[/g)?.length ?? 0;
}

/**
 * Checks that a path or glob stays within the complexity bounds every overlap decision relies on: at most
 * {@link MAX_GLOB_ALTERNATIVES} brace alternatives and {@link MAX_GLOB_WILDCARDS} wildcards.
 *
 * @throws {PathValidationError} naming the pattern and the bound it passes.
 */
export function checkGlobComplexity(pattern: string): string {
  if (expandBraces(pattern) === undefined) {
    throw new PathValidationError(
      pattern,
      `its braces stand for more than ${MAX_GLOB_ALTERNATIVES} alternatives; reserve fewer or broader patterns`,
    );
  }
  const wildcards = countWildcards(pattern);
  if (wildcards > MAX_GLOB_WILDCARDS) {
    throw new PathValidationError(
      pattern,
      `it holds ${wildcards} wildcards, more than ${MAX_GLOB_WILDCARDS}; use a broader pattern such as dir/**`,
    );
  }
  return pattern;
}
