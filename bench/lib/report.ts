import type { Figure } from './figures.js';
import type { MachineInfo } from './machine.js';
import type { ScenarioResult } from './scenario.js';
import type { TargetOutcome } from './targets.js';

/** A duration given in µs, in the unit that reads best. */
export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return '–';
  if (us < 10) return `${us.toFixed(2)} µs`;
  if (us < 1000) return `${us.toFixed(1)} µs`;
  if (us < 1e6) return `${(us / 1000).toFixed(2)} ms`;
  return `${(us / 1e6).toFixed(2)} s`;
}

function formatRate(value: number, unit: string): string {
  return Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} ${unit}` : '–';
}

function ratio(fleet: Figure | undefined, floor: Figure | undefined): string {
  return fleet === undefined || floor === undefined ? '' : `${(fleet.p50Us / floor.p50Us).toFixed(2)}×`;
}

const HEADER = [
  'group',
  'scenario',
  'p50',
  'p99',
  'mean',
  'throughput',
  'bun:sqlite p50',
  'libSQL p50',
  'libSQL p99',
  '÷ libSQL',
  '÷ bun:sqlite',
];

function rowOf(result: ScenarioResult): string[] {
  const { fleet, floors } = result;
  if (fleet === undefined) return [result.group, result.name, 'FAILED', '', '', '', '', '', '', '', ''];
  const failed = result.checks.some((check) => !check.ok);
  return [
    result.group,
    `${result.name}${failed ? ' (CHECK FAILED)' : ''}`,
    formatUs(fleet.p50Us),
    formatUs(fleet.p99Us),
    formatUs(fleet.meanUs),
    formatRate(fleet.opsPerSec, result.unit),
    floors.sqlite === undefined ? '' : formatUs(floors.sqlite.p50Us),
    floors.libsql === undefined ? '' : formatUs(floors.libsql.p50Us),
    floors.libsql === undefined ? '' : formatUs(floors.libsql.p99Us),
    ratio(fleet, floors.libsql),
    ratio(fleet, floors.sqlite),
  ];
}

/** Rows as aligned text columns (numbers, from the third column on, right-aligned). */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, cell.length)),
    [],
  );
  const numeric = (i: number): boolean => i >= 2;
  return rows
    .map((row, r) =>
      row
        .map((cell, i) => (numeric(i) && r > 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Rows as a Markdown table, the first row its header. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i >= 2 ? '---:' : '---'))), ...body.map(line)].join('\n');
}

/** The figures table, for the terminal or as Markdown. */
export function figuresTable(results: readonly ScenarioResult[], style: 'text' | 'markdown'): string {
  const rows = [HEADER, ...results.map(rowOf)];
  return style === 'text' ? textTable(rows) : markdownTable(rows);
}

/** The targets table, for the terminal or as Markdown. */
export function targetsTable(outcomes: readonly TargetOutcome[], style: 'text' | 'markdown'): string {
  const rows = [
    ['target', 'measured', 'PASS/MISS'],
    ...outcomes.map((o) => [o.target, o.measured, o.verdict]),
  ];
  return style === 'text' ? textTable(rows) : markdownTable(rows);
}

/** The figures that are not latencies (file sizes, rows...), one row per scenario and name. */
export function extrasTable(results: readonly ScenarioResult[], style: 'text' | 'markdown'): string {
  const rows = [
    ['scenario', 'figure', 'value'],
    ...results.flatMap((result) =>
      Object.entries(result.extra ?? {}).map(([name, value]) => [
        result.id,
        name,
        Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2),
      ]),
    ),
  ];
  return style === 'text' ? textTable(rows) : markdownTable(rows);
}

/** A one-line description of the machine, for the report's heading. */
export function machineLine(machine: MachineInfo): string {
  return (
    `${machine.cpuModel}, ${String(machine.cores)} cores, ${String(machine.memoryGiB)} GiB, ${machine.os}; ` +
    `Bun ${machine.bun} (SQLite ${machine.bunSqlite}), @libsql/client ${machine.libsqlClient} ` +
    `(SQLite ${machine.libsql}), mitata ${machine.mitata}; load ${machine.loadAverage1m.toFixed(2)}; ${machine.timestamp}`
  );
}

/** Every check that did not hold and every scenario that failed, one line each. */
export function problems(results: readonly ScenarioResult[]): string[] {
  return results.flatMap((result) => [
    ...(result.error === undefined ? [] : [`${result.id}: FAILED: ${result.error.split('\n')[0] ?? ''}`]),
    ...result.checks
      .filter((check) => !check.ok)
      .map((check) => `${result.id}: ${check.name}: ${check.detail}`),
  ]);
}
