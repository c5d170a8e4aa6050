import { formatUs } from './report.js';
import type { ScenarioResult } from './scenario.js';

/** One target of the issue, judged against a run. */
export interface TargetOutcome {
  readonly target: string;
  /** The figure the target is about, as measured. */
  readonly measured: string;
  /** `PASS`, `MISS`, or `n/a` when the scenario did not run. */
  readonly verdict: 'PASS' | 'MISS' | 'n/a';
}

type Lookup = (id: string) => ScenarioResult | undefined;

interface Target {
  readonly target: string;
  readonly judge: (find: Lookup) => { measured: string; pass: boolean } | undefined;
}

const us = formatUs;
const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;

/** A latency target: a percentile of one scenario at most `limitUs`. */
function latency(id: string, what: string, percentile: 'p50Us' | 'p99Us', limitUs: number): Target {
  return {
    target: `${what} ${percentile === 'p50Us' ? 'p50' : 'p99'} ≤ ${limitUs >= 1000 ? `${String(limitUs / 1000)} ms` : `${String(limitUs)} µs`}`,
    judge: (find) => {
      const fleet = find(id)?.fleet;
      return fleet === undefined
        ? undefined
        : { measured: us(fleet[percentile]), pass: fleet[percentile] <= limitUs };
    },
  };
}

/** A throughput target: one scenario's rate at least `minimum` (and its checks hold). */
function throughput(id: string, what: string, minimum: number, unit: string): Target {
  return {
    target: `${what} ≥ ${minimum.toLocaleString('en-US')} ${unit}/s`,
    judge: (find) => {
      const result = find(id);
      if (result?.fleet === undefined) return undefined;
      const intact = result.checks.every((check) => check.ok);
      const floors = [
        ...(result.floors.sqlite === undefined
          ? []
          : [`bun:sqlite ${perSecond(result.floors.sqlite.opsPerSec)}`]),
        ...(result.floors.libsql === undefined
          ? []
          : [`libSQL ${perSecond(result.floors.libsql.opsPerSec)}`]),
      ];
      return {
        measured: `${perSecond(result.fleet.opsPerSec)}${floors.length === 0 ? '' : ` (floor: ${floors.join(', ')})`}${intact ? '' : ' (checks FAILED)'}`,
        pass: result.fleet.opsPerSec >= minimum && intact,
      };
    },
  };
}

const TARGETS: readonly Target[] = [
  latency('append.file-normal', 'append incl. projections (file, WAL, NORMAL)', 'p50Us', 200),
  {
    target: 'append incl. projections p50 ≤ 2× raw libSQL floor',
    judge: (find) => {
      const result = find('append.file-normal');
      const floor = result?.floors.libsql;
      if (result?.fleet === undefined || floor === undefined) return undefined;
      const ratio = result.fleet.p50Us / floor.p50Us;
      return {
        measured: `${ratio.toFixed(2)}× (${us(result.fleet.p50Us)} vs ${us(floor.p50Us)})`,
        pass: ratio <= 2,
      };
    },
  },
  latency('append.file-normal', 'append incl. projections', 'p99Us', 1000),
  latency('query.project', 'query 100 (project)', 'p50Us', 400),
  latency('query.type', 'query 100 (+ type)', 'p50Us', 400),
  latency('query.stream', 'query 100 (+ stream)', 'p50Us', 400),
  latency('query.time', 'query 100 (+ time range)', 'p50Us', 400),
  throughput('replay.small', 'replay (small)', 300_000, 'events'),
  throughput('replay.large', 'replay (large)', 300_000, 'events'),
  throughput('replay.large', 'full replay', 100_000, 'events'),
  {
    target: 'replay of a 1,000,000-event project from its latest snapshot ≤ 200 ms',
    judge: (find) => {
      const result = find('snapshot.replay');
      if (result?.fleet === undefined) return undefined;
      const intact = result.checks.every((check) => check.ok);
      return {
        measured: `${us(result.fleet.p50Us)} p50${intact ? '' : ' (checks FAILED)'}`,
        pass: result.fleet.p50Us <= 200_000 && intact,
      };
    },
  },
  {
    target: 'file size before/after compaction reported',
    judge: (find) => {
      const extra = find('compaction.size')?.extra;
      if (extra === undefined) return undefined;
      const mib = (name: string): string => `${((extra[name] ?? Number.NaN) / 2 ** 20).toFixed(1)} MiB`;
      return {
        measured: `${mib('file bytes before')} → ${mib('file bytes after compaction')} (VACUUM: ${mib('file bytes after VACUUM')})`,
        pass:
          (extra['file bytes after VACUUM'] ?? Number.POSITIVE_INFINITY) < (extra['file bytes before'] ?? 0),
      };
    },
  },
  {
    target: 'automatic snapshot delays the next append by ≤ 5 ms (p99)',
    judge: (find) => {
      const fleet = find('snapshot.auto')?.fleet;
      return fleet === undefined
        ? undefined
        : { measured: `${us(fleet.p99Us)} p99`, pass: fleet.p99Us <= 5000 };
    },
  },
  throughput('processes.16', '16 processes, nothing lost,', 6000, 'appends'),
  latency('open.cold', 'cold open of a new project', 'p50Us', 10_000),
  latency('open.warm', 'warm open', 'p50Us', 1000),
  throughput('validate.validate', 'validateEvent', 500_000, 'events'),
  latency('validate.glob-overlap', 'one overlap decision, nastiest accepted patterns,', 'p99Us', 1000),
  latency('ui.first-page', "the dashboard's first page on a 1,000,000-event project", 'p99Us', 1_000_000),
];

/** Every target of the issue, judged against `results`. */
export function judgeTargets(results: readonly ScenarioResult[]): TargetOutcome[] {
  const find: Lookup = (id) => results.find((result) => result.id === id);
  return TARGETS.map(({ target, judge }) => {
    const outcome = judge(find);
    return outcome === undefined
      ? { target, measured: 'did not run', verdict: 'n/a' }
      : { target, measured: outcome.measured, verdict: outcome.pass ? 'PASS' : 'MISS' };
  });
}
