import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { BenchConfig } from './config.js';
import type { Figure } from './figures.js';
import { formatUs } from './report.js';

/** A condition a scenario must meet whatever the timings: nothing lost, every row read... */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The same work done as directly as the machine allows, beside a FleetTools figure. */
export interface Floors {
  /** Through `bun:sqlite`, prepared statements, one transaction. */
  readonly sqlite?: Figure;
  /** Through `@libsql/client` directly (no Drizzle, no validation); the floor the targets use. */
  readonly libsql?: Figure;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  /** Stable key, e.g. `append.file-normal` (targets refer to it). */
  readonly id: string;
  /** Group shown in the table, e.g. `append`. */
  readonly group: string;
  /** What was measured, in words. */
  readonly name: string;
  /** What `opsPerSec` counts: calls, events or appends. */
  readonly unit: 'ops/s' | 'events/s' | 'appends/s';
  /** The FleetTools figure; absent when the scenario failed. */
  readonly fleet?: Figure;
  readonly floors: Floors;
  readonly checks: readonly Check[];
  /** The error that stopped the scenario, if any. */
  readonly error?: string;
  /** Figures that are not latencies (file sizes, rows...), by name. */
  readonly extra?: Readonly<Record<string, number>>;
}

/** What a scenario function returns; the recorder adds id, group and name. */
export interface Measured {
  readonly fleet: Figure;
  readonly floors?: Floors;
  readonly checks?: readonly Check[];
  readonly unit?: ScenarioResult['unit'];
  readonly extra?: Readonly<Record<string, number>>;
}

/** Runs scenarios one after the other, shows progress on stderr and keeps every result (and every failure). */
export class Recorder {
  readonly results: ScenarioResult[] = [];
  readonly #log: (line: string) => void;
  #dirs = 0;

  constructor(
    readonly config: BenchConfig,
    /** A fresh temporary directory for this run; removed at the end. */
    readonly tmpRoot: string,
    log: (line: string) => void,
  ) {
    this.#log = log;
  }

  /** Runs one scenario; an exception is recorded as a failed scenario, not thrown. */
  async run(id: string, group: string, name: string, body: () => Promise<Measured>): Promise<void> {
    const started = performance.now();
    this.#log(`  … ${group} / ${name}`);
    try {
      const measured = await body();
      const result: ScenarioResult = {
        id,
        group,
        name,
        unit: measured.unit ?? 'ops/s',
        fleet: measured.fleet,
        floors: measured.floors ?? {},
        checks: measured.checks ?? [],
        ...(measured.extra === undefined ? {} : { extra: measured.extra }),
      };
      this.results.push(result);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const failed = result.checks.filter((check) => !check.ok).map((check) => check.name);
      this.#log(
        `    p50 ${formatUs(measured.fleet.p50Us)}, p99 ${formatUs(measured.fleet.p99Us)}${floorNote(result.floors)}` +
          ` (${seconds} s)${failed.length > 0 ? `  CHECK FAILED: ${failed.join(', ')}` : ''}`,
      );
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.results.push({ id, group, name, unit: 'ops/s', floors: {}, checks: [], error: message });
      this.#log(`    FAILED: ${message}`);
    }
  }

  /** Shows a line of progress (stderr). */
  log(line: string): void {
    this.#log(line);
  }

  /** A new, empty directory under the run's temporary root. */
  dir(prefix: string): string {
    this.#dirs += 1;
    const path = join(this.tmpRoot, `${prefix}-${String(this.#dirs)}`);
    mkdirSync(path, { recursive: true });
    return path;
  }
}

/** The floors' p50s, for the progress line. */
function floorNote(floors: Floors): string {
  const parts = [
    ...(floors.sqlite === undefined ? [] : [`bun:sqlite ${formatUs(floors.sqlite.p50Us)}`]),
    ...(floors.libsql === undefined ? [] : [`libSQL ${formatUs(floors.libsql.p50Us)}`]),
  ];
  return parts.length === 0 ? '' : ` (floor p50: ${parts.join(', ')})`;
}
