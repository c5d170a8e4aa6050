import { expandBraces } from '@fleettools/core';

/**
 * Most steps of the overlap walk one decision may take (all brace alternatives and both levels together).
 * Past it the answer is "overlaps": a conflict that may not exist, never a missed one. Patterns within core's
 * complexity bounds (`checkGlobComplexity`) stay far below it in practice; the cap bounds any stored pattern,
 * an old one included, to well under 1 ms per decision (bench: `glob overlap, nastiest accepted patterns`).
 */
export const MAX_OVERLAP_STEPS = 2_000;

/**
 * Whether two reservation paths can name a common file. Paths and globs are project-relative and
 * normalised (`src/a.ts`, `src/**`, `docs/*.md`, `lib/{a,b}.ts`, `img/[0-9].png`, `src/parser/`).
 *
 * The rule, segment by segment (a segment never spans a `/`):
 * - `**` stands for any number of whole segments, zero included; a trailing `/` names a directory and
 *   covers everything below it (`src/parser/` is `src/parser/**`);
 * - within a segment, `*` stands for any run of characters, `?` for one character, `[…]` for one character
 *   of the class (`[!…]`, `[^…]`: one character outside it), `{a,b}` for either alternative;
 * - case does not count (`Src/A.ts` and `src/a.ts` are one file to the rule: the store cannot know whether
 *   the file system folds case, and treating them as one can only report a conflict that does not exist);
 * - two patterns overlap when some path matches both. Decided exactly, at bounded cost: past
 *   core's `MAX_GLOB_ALTERNATIVES` brace alternatives or {@link MAX_OVERLAP_STEPS} steps the answer is
 *   "overlaps", which errs only toward a conflict.
 */
export function pathsOverlap(a: string, b: string): boolean {
  if (!literalPrefixesAgree(a, b)) return false;
  const left = expandBraces(a);
  const right = expandBraces(b);
  if (left === undefined || right === undefined) return true;
  const budget = { steps: MAX_OVERLAP_STEPS };
  const rightSegments = right.map(segmentsOf);
  for (const l of left.map(segmentsOf)) {
    for (const r of rightSegments) {
      budget.steps -= 1; // each pair of alternatives costs at least a step
      if (segmentListsOverlap(l, r, budget) || budget.steps <= 0) return true;
    }
  }
  return false;
}

/** Where a pattern's literal prefix ends: its first wildcard or brace (an unclosed `[` too, conservatively). */
const LITERAL_END = /[*?[{]/;

/**
 * Whether the literal prefixes of two patterns (up to their first wildcard or brace) agree, case folded as the
 * walk folds single characters, up to the shorter one. Every path a pattern matches starts with its literal
 * prefix, so a path matching both starts with both, and one prefix must then begin the other: when they
 * disagree the patterns cannot overlap. The check costs a comparison of a few characters and rejects most
 * pairs of a decision (different directories, different files) before any pattern is parsed, which keeps a
 * decision's cost per active reservation small (bench: `reservation decision per active reservation`).
 */
function literalPrefixesAgree(a: string, b: string): boolean {
  const endA = a.search(LITERAL_END);
  const endB = b.search(LITERAL_END);
  const lengthA = endA === -1 ? a.length : endA;
  const lengthB = endB === -1 ? b.length : endB;
  let i = 0;
  let j = 0;
  while (i < lengthA && j < lengthB) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y && foldCode(x) !== foldCode(y)) return false;
    i += x > MAX_BMP ? 2 : 1;
    j += y > MAX_BMP ? 2 : 1;
  }
  return true;
}

const MAX_BMP = 0xffff;

/** A code point case folded as {@link folded} folds a single character. */
function foldCode(code: number): number {
  return String.fromCodePoint(code).toLowerCase().codePointAt(0) ?? code;
}

/** One segment of a pattern: `**`, or the tokens of one segment. */
type Segment = 'globstar' | readonly Token[];

/** The segments of one brace-free pattern, a trailing `/` standing for `/**`. */
function segmentsOf(pattern: string): Segment[] {
  const path = pattern.endsWith('/') ? `${pattern}**` : pattern;
  return path.split('/').map((segment) => (segment === '**' ? 'globstar' : tokens(segment)));
}

/** Whether some path matches both lists of segments, `**` standing for any number of whole segments. */
function segmentListsOverlap(a: readonly Segment[], b: readonly Segment[], budget: Budget): boolean {
  return sequencesOverlap(
    a,
    b,
    (segment) => segment === 'globstar',
    (x, y) => x !== 'globstar' && y !== 'globstar' && segmentsOverlap(x, y, budget),
    budget,
  );
}

/** One position of a segment pattern: a run of anything (`*`), or one character out of a set. */
type Token = { readonly kind: 'star' } | { readonly kind: 'char'; readonly accepts: CharSet };

/** A set of characters: explicit ranges (case folded), or every character outside them (`negated`). */
interface CharSet {
  readonly negated: boolean;
  readonly ranges: readonly (readonly [number, number])[];
}

const ANY: CharSet = { negated: true, ranges: [] };

function tokens(segment: string): Token[] {
  const result: Token[] = [];
  const chars = Array.from(segment); // code points: one `?` stands for one character, astral ones too
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i] ?? '';
    const end = c === '[' ? chars.indexOf(']', i + 2) : -1;
    if (c === '*') {
      if (result.at(-1)?.kind !== 'star') result.push({ kind: 'star' });
    } else if (c === '?') {
      result.push({ kind: 'char', accepts: ANY });
    } else if (end > 0) {
      result.push({ kind: 'char', accepts: charClass(chars.slice(i + 1, end)) });
      i = end;
    } else {
      result.push({ kind: 'char', accepts: { negated: false, ranges: folded(c, c) } });
    }
  }
  return result;
}

function charClass(body: readonly string[]): CharSet {
  const negated = body[0] === '!' || body[0] === '^';
  const ranges: (readonly [number, number])[] = [];
  for (let i = negated ? 1 : 0; i < body.length; i += 1) {
    const from = body[i] ?? '';
    const to = body[i + 2];
    if (body[i + 1] === '-' && to !== undefined) {
      ranges.push(...folded(from, to));
      i += 2;
    } else {
      ranges.push(...folded(from, from));
    }
  }
  return { negated, ranges };
}

const UPPER_A = 65;
const UPPER_Z = 90;
const CASE_OFFSET = 32;

/**
 * The code point ranges of `from`–`to` with case folded: single characters by `toLowerCase`, and the ASCII
 * capitals of a range mapped to their small letters.
 */
function folded(from: string, to: string): (readonly [number, number])[] {
  if (from === to) {
    const code = from.toLowerCase().codePointAt(0) ?? 0;
    return [[code, code]];
  }
  const lo = from.codePointAt(0) ?? 0;
  const hi = to.codePointAt(0) ?? 0;
  const ranges: (readonly [number, number])[] = [[lo, hi]];
  const capitalsFrom = Math.max(lo, UPPER_A);
  const capitalsTo = Math.min(hi, UPPER_Z);
  if (capitalsFrom <= capitalsTo) ranges.push([capitalsFrom + CASE_OFFSET, capitalsTo + CASE_OFFSET]);
  return ranges;
}

function contains(set: CharSet, code: number): boolean {
  return set.ranges.some(([lo, hi]) => lo <= code && code <= hi) !== set.negated;
}

/** Whether one character is in both sets. */
function intersects(a: CharSet, b: CharSet): boolean {
  if (a.negated && b.negated) return true; // finitely many excluded, infinitely many left
  if (a.negated) return intersects(b, a);
  // `a` is explicit: some character of its ranges is in `b`. Membership in `b` changes only at the ends of
  // `b`'s ranges, so the ends of `a`'s ranges and the characters around `b`'s ends are the ones to try.
  for (const [lo, hi] of a.ranges) {
    if (contains(b, lo) || contains(b, hi)) return true;
    for (const [from, to] of b.ranges) {
      for (const code of [from - 1, from, to, to + 1]) {
        if (lo <= code && code <= hi && contains(b, code)) return true;
      }
    }
  }
  return false;
}

/** Whether some string matches both segment patterns, `*` standing for any run of characters. */
function segmentsOverlap(a: readonly Token[], b: readonly Token[], budget: Budget): boolean {
  return sequencesOverlap(
    a,
    b,
    (token) => token.kind === 'star',
    (x, y) => x.kind === 'char' && y.kind === 'char' && intersects(x.accepts, y.accepts),
    budget,
  );
}

/** Steps left to one decision, shared by every walk it runs. */
interface Budget {
  steps: number;
}

/**
 * Whether two patterns (sequences of items, some of them stars that stand for any number of items, zero
 * included) can match a common sequence: a memoised walk over pairs of positions. Two items that are not
 * stars match one common item when `match` says so. Each position pair visited costs one step of `budget`;
 * with none left it answers true (overlap), and so does the whole decision.
 */
function sequencesOverlap<T>(
  a: readonly T[],
  b: readonly T[],
  isStar: (item: T) => boolean,
  match: (x: T, y: T) => boolean,
  budget: Budget,
): boolean {
  const width = b.length + 1;
  const memo = new Uint8Array((a.length + 1) * width); // 0 unknown, 1 false, 2 true
  const visit = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo[key];
    if (known !== 0) return known === 2;
    budget.steps -= 1;
    if (budget.steps < 0) return true;
    const x = a[i];
    const y = b[j];
    let result: boolean;
    if (x === undefined && y === undefined) result = true;
    else if (x !== undefined && isStar(x)) result = visit(i + 1, j) || (y !== undefined && visit(i, j + 1));
    else if (y !== undefined && isStar(y)) result = visit(i, j + 1) || (x !== undefined && visit(i + 1, j));
    else if (x === undefined || y === undefined) result = false;
    else result = match(x, y) && visit(i + 1, j + 1);
    memo[key] = result ? 2 : 1;
    return result;
  };
  return visit(0, 0);
}
