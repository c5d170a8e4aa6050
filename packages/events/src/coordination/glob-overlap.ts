/**
 * Whether two reservation paths can name a common file. Paths and globs are project-relative and
 * normalised (`src/a.ts`, `src/**`, `docs/*.md`, `lib/{a,b}.ts`, `img/[0-9].png`).
 *
 * The rule, segment by segment (a segment never spans a `/`):
 * - `**` stands for any number of whole segments, zero included;
 * - within a segment, `*` stands for any run of characters, `?` for one character, `[…]` for one character
 *   of the class, `{a,b}` for either alternative (expanded first);
 * - two patterns overlap when some path matches both. This is decided exactly for literals, `?`, `*`, `**`,
 *   braces and positive classes; a negated class (`[!…]`, `[^…]`) is taken to overlap any character, which can
 *   only report a conflict that does not exist, never miss one that does.
 */
export function pathsOverlap(a: string, b: string): boolean {
  for (const left of expandBraces(a)) {
    for (const right of expandBraces(b)) {
      if (segmentListsOverlap(left.split('/'), right.split('/'))) return true;
    }
  }
  return false;
}

/** At most this many alternatives per pattern after brace expansion; past it, braces are kept literally. */
const MAX_ALTERNATIVES = 64;

/** Every alternative of a pattern with braces: `{a,b}.{ts,js}` gives `a.ts`, `a.js`, `b.ts`, `b.js`. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.lastIndexOf('{');
  const close = open < 0 ? -1 : pattern.indexOf('}', open);
  if (open < 0 || close < 0) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const expanded = new Set(
    pattern
      .slice(open + 1, close)
      .split(',')
      .flatMap((choice) => expandBraces(`${head}${choice}${tail}`)),
  );
  return expanded.size > MAX_ALTERNATIVES ? [pattern] : [...expanded];
}

/** Whether some path matches both lists of segments, `**` standing for any number of whole segments. */
function segmentListsOverlap(a: readonly string[], b: readonly string[]): boolean {
  return sequencesOverlap(
    a,
    b,
    (segment) => segment === '**',
    (x, y) => segmentsOverlap(tokens(x), tokens(y)),
  );
}

/** One position of a segment pattern: a run of anything (`*`), or one character out of a set. */
type Token = { readonly kind: 'star' } | { readonly kind: 'char'; readonly accepts: CharSet };

/** A set of characters: everything, a negated class (treated as everything), or explicit ranges. */
type CharSet =
  { readonly any: true } | { readonly any: false; readonly ranges: readonly (readonly [number, number])[] };

const ANY: CharSet = { any: true };

function tokens(segment: string): Token[] {
  const result: Token[] = [];
  for (let i = 0; i < segment.length; i += 1) {
    const c = segment[i] ?? '';
    if (c === '*') {
      if (result.at(-1)?.kind !== 'star') result.push({ kind: 'star' });
    } else if (c === '?') {
      result.push({ kind: 'char', accepts: ANY });
    } else if (c === '[' && segment.indexOf(']', i + 2) > 0) {
      const end = segment.indexOf(']', i + 2);
      result.push({ kind: 'char', accepts: charClass(segment.slice(i + 1, end)) });
      i = end;
    } else {
      const code = c.codePointAt(0) ?? 0;
      result.push({ kind: 'char', accepts: { any: false, ranges: [[code, code]] } });
    }
  }
  return result;
}

function charClass(body: string): CharSet {
  if (body.startsWith('!') || body.startsWith('^')) return ANY;
  const ranges: [number, number][] = [];
  for (let i = 0; i < body.length; i += 1) {
    const from = body.codePointAt(i) ?? 0;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      ranges.push([from, body.codePointAt(i + 2) ?? from]);
      i += 2;
    } else {
      ranges.push([from, from]);
    }
  }
  return { any: false, ranges };
}

function intersects(a: CharSet, b: CharSet): boolean {
  if (a.any || b.any) return true;
  return a.ranges.some(([lo, hi]) => b.ranges.some(([from, to]) => lo <= to && from <= hi));
}

/** Whether some string matches both segment patterns, `*` standing for any run of characters. */
function segmentsOverlap(a: readonly Token[], b: readonly Token[]): boolean {
  return sequencesOverlap(
    a,
    b,
    (token) => token.kind === 'star',
    (x, y) => x.kind === 'char' && y.kind === 'char' && intersects(x.accepts, y.accepts),
  );
}

/**
 * Whether two patterns (sequences of items, some of them stars that stand for any number of items, zero
 * included) can match a common sequence: a memoised walk over pairs of positions. Two items that are not
 * stars match one common item when `match` says so.
 */
function sequencesOverlap<T>(
  a: readonly T[],
  b: readonly T[],
  isStar: (item: T) => boolean,
  match: (x: T, y: T) => boolean,
): boolean {
  const memo = new Map<number, boolean>();
  const visit = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    const x = a[i];
    const y = b[j];
    let result: boolean;
    if (x === undefined && y === undefined) result = true;
    else if (x !== undefined && isStar(x)) result = visit(i + 1, j) || (y !== undefined && visit(i, j + 1));
    else if (y !== undefined && isStar(y)) result = visit(i, j + 1) || (x !== undefined && visit(i + 1, j));
    else if (x === undefined || y === undefined) result = false;
    else result = match(x, y) && visit(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return visit(0, 0);
}
