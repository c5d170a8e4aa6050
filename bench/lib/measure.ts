import { measure } from 'mitata';

import { figureFromNs, type Figure } from './figures.js';

/** How long one scenario is sampled: warm-up first, then at least `minCpuMs` of timed calls. */
export interface Budget {
  /** Untimed calls before sampling starts (JIT, caches, SQLite page cache). */
  readonly warmupOps: number;
  /** Sampling stops once this much time was measured and `minSamples` were taken. */
  readonly minCpuMs: number;
  /** At least this many timed calls. */
  readonly minSamples: number;
  /** At most this many timed calls. */
  readonly maxSamples: number;
}

/** What mitata's generator form yields: computed parameters `0…n` (untimed) and the timed `bench`. */
interface ComputedBench<T> {
  readonly 0: () => T | Promise<T>;
  readonly bench: (value: T) => unknown;
}

/**
 * Times `op` with mitata's `measure`, one call per sample (batching off, so every sample is one call and the
 * percentiles are per call), after `budget.warmupOps` untimed calls.
 */
export async function measureOp(op: () => unknown, budget: Budget): Promise<Figure> {
  return measureOpWith(() => undefined, op, budget);
}

/**
 * Times `op(input())` per call: `input` runs before each call and is not timed (fresh events, a new
 * directory...). Uses mitata's computed parameters.
 */
export async function measureOpWith<T>(
  input: () => T | Promise<T>,
  op: (value: T) => unknown,
  budget: Budget,
): Promise<Figure> {
  for (let i = 0; i < budget.warmupOps; i += 1) await op(await input());
  const bench: ComputedBench<T> = { 0: input, bench: op };
  // mitata's .d.ts types a generator's yield as a plain function; at run time it also takes an object of
  // computed parameters plus `bench` (see its README, "computed parameters").
  const stats = await measure(
    function* () {
      yield bench as unknown as () => unknown;
    },
    {
      batch_threshold: 0,
      warmup_samples: 0,
      min_samples: budget.minSamples,
      max_samples: budget.maxSamples,
      min_cpu_time: budget.minCpuMs * 1e6,
    },
  );
  return figureFromNs(stats.samples);
}
