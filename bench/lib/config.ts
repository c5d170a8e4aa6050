import type { Budget } from './measure.js';

/** Sizes and sampling budgets of one benchmark run. */
export interface BenchConfig {
  /**
   * `quick` (CI: seconds, small counts, only checks that everything ran), `full`, or `scale` (the growth
   * table only: `bun run bench --scale`, minutes, not in CI).
   */
  readonly mode: 'quick' | 'full' | 'scale';
  /** Budget of fast operations (validation, reads, appends). */
  readonly fast: Budget;
  /** Budget of slow operations (appendMany of 100, opening a database). */
  readonly slow: Budget;
  /** Events in the database the read scenarios query. */
  readonly readEvents: number;
  /** Event counts of the replay scenarios, and how many times each replay runs. */
  readonly replays: readonly { readonly events: number; readonly runs: number }[];
  /** Sizes of the long-lived scenarios (snapshots, compaction, automatic snapshots). */
  readonly longLived: {
    /** Events of the project replayed from its latest snapshot. */
    readonly events: number;
    /** Events after that snapshot (the tail replay folds). */
    readonly tail: number;
    /** Replays timed (one sample each). */
    readonly runs: number;
    /** Events of the project compacted (file sizes before and after). */
    readonly compactEvents: number;
    /** Appends of the automatic-snapshot scenario, and the snapshot interval. */
    readonly autoAppends: number;
    readonly autoEvery: number;
  };
  /** The scale mode's project sizes (events of the realistic mix; none: the group does not run) and budget. */
  readonly scale: { readonly sizes: readonly number[]; readonly budget: Budget };
  /** The work queue: pending sorties while `claim` is timed, and messages the search is timed over. */
  readonly queue: { readonly sorties: number; readonly messages: number };
  /** Events each process appends, for 1, 4 and 16 processes. */
  readonly processes: readonly { readonly processes: number; readonly appendsEach: number }[];
  /** Events of the project the dashboard serves (`fleet ui`), and how many of the newest have projections. */
  readonly ui: { readonly events: number; readonly projected: number };
}

const FULL: BenchConfig = {
  mode: 'full',
  fast: { warmupOps: 300, minCpuMs: 700, minSamples: 200, maxSamples: 50_000 },
  slow: { warmupOps: 20, minCpuMs: 700, minSamples: 30, maxSamples: 400 },
  readEvents: 10_000,
  replays: [
    { events: 10_000, runs: 5 },
    { events: 100_000, runs: 3 },
  ],
  longLived: {
    events: 1_000_000,
    tail: 1000,
    runs: 5,
    compactEvents: 100_000,
    autoAppends: 4000,
    autoEvery: 500,
  },
  scale: { sizes: [], budget: { warmupOps: 0, minCpuMs: 0, minSamples: 0, maxSamples: 0 } },
  queue: { sorties: 1000, messages: 100_000 },
  processes: [
    { processes: 1, appendsEach: 4000 },
    { processes: 4, appendsEach: 1500 },
    { processes: 16, appendsEach: 500 },
  ],
  ui: { events: 1_000_000, projected: 2000 },
};

const QUICK: BenchConfig = {
  mode: 'quick',
  fast: { warmupOps: 10, minCpuMs: 20, minSamples: 20, maxSamples: 200 },
  slow: { warmupOps: 2, minCpuMs: 20, minSamples: 5, maxSamples: 20 },
  readEvents: 1000,
  replays: [
    { events: 1000, runs: 1 },
    { events: 2000, runs: 1 },
  ],
  longLived: { events: 5000, tail: 100, runs: 1, compactEvents: 2000, autoAppends: 200, autoEvery: 50 },
  scale: { sizes: [1000, 4000], budget: { warmupOps: 5, minCpuMs: 10, minSamples: 10, maxSamples: 50 } },
  queue: { sorties: 100, messages: 2000 },
  processes: [
    { processes: 1, appendsEach: 40 },
    { processes: 4, appendsEach: 20 },
    { processes: 16, appendsEach: 10 },
  ],
  ui: { events: 5000, projected: 500 },
};

const SCALE: BenchConfig = {
  ...FULL,
  mode: 'scale',
  scale: {
    sizes: [10_000, 100_000, 1_000_000],
    budget: { warmupOps: 50, minCpuMs: 400, minSamples: 100, maxSamples: 5000 },
  },
};

/** The configuration for `bun run bench` (full), `bun run bench --quick` or `bun run bench --scale`. */
export function configFor(argv: readonly string[]): BenchConfig {
  if (argv.includes('--scale')) return SCALE;
  return argv.includes('--quick') ? QUICK : FULL;
}
