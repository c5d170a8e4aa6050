/** Latency and throughput of one measured operation, in microseconds and operations per second. */
export interface Figure {
  /** Timed samples (operations, or runs for throughput scenarios). */
  readonly samples: number;
  /** Median latency of one operation, µs. */
  readonly p50Us: number;
  /** 99th percentile latency of one operation, µs. */
  readonly p99Us: number;
  /** Mean latency of one operation, µs. */
  readonly meanUs: number;
  /** Operations per second (1e6 / mean, or items / wall time for throughput scenarios). */
  readonly opsPerSec: number;
}

/** The `q`-quantile (0–1) of an ascending array, by the nearest-rank method; `NaN` when it is empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * A {@link Figure} from per-operation latencies in nanoseconds (any order). `opsPerSec` is `1e9 / mean`
 * unless `opsPerSec` is given (throughput measured over wall time).
 */
export function figureFromNs(latenciesNs: readonly number[], opsPerSec?: number): Figure {
  const sorted = [...latenciesNs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    samples: sorted.length,
    p50Us: quantile(sorted, 0.5) / 1000,
    p99Us: quantile(sorted, 0.99) / 1000,
    meanUs: mean / 1000,
    opsPerSec: opsPerSec ?? (mean > 0 ? 1e9 / mean : Number.NaN),
  };
}
