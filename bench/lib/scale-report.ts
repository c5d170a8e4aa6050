import { SCALE_OP_NAMES, SCALE_OPS, scaleId } from '../scenarios/scale.js';
import { formatUs, markdownTable, textTable } from './report.js';
import type { ScenarioResult } from './scenario.js';

/** How much the p50 of an operation may grow from the smallest size to the largest (issue 16's goal). */
export const GROWTH_LIMIT = 1.5;

/**
 * The growth table of the scale mode: per operation and size, FleetTools' p50 and p99 and its p50 ÷ the
 * floor's; then the p50 at the largest size ÷ at the smallest (the figure that must stay within
 * {@link GROWTH_LIMIT}); a last row with the process's RSS after each size.
 */
export function growthTable(
  results: readonly ScenarioResult[],
  sizes: readonly number[],
  style: 'text' | 'markdown',
): string {
  const byId = new Map(results.map((result) => [result.id, result]));
  const first = sizes[0];
  const last = sizes.at(-1);
  const label = (size: number) => (size >= 1e6 ? `${String(size / 1e6)}M` : `${String(size / 1e3)}k`);
  const header = [
    'operation',
    ...sizes.flatMap((size) => [`p50 @ ${label(size)}`, `p99 @ ${label(size)}`, `÷ floor @ ${label(size)}`]),
    first === undefined || last === undefined ? '' : `${label(last)} ÷ ${label(first)} (p50)`,
  ];
  const rows = SCALE_OPS.map((op) => {
    const figures = sizes.map((size) => byId.get(scaleId(op, size)));
    const p50 = (result: ScenarioResult | undefined) => result?.fleet?.p50Us ?? Number.NaN;
    const growth = p50(figures.at(-1)) / p50(figures[0]);
    return [
      SCALE_OP_NAMES[op],
      ...figures.flatMap((result) => {
        const floor = result?.floors.sqlite?.p50Us;
        return [
          formatUs(p50(result)),
          formatUs(result?.fleet?.p99Us ?? Number.NaN),
          floor === undefined ? '' : `${(p50(result) / floor).toFixed(2)}×`,
        ];
      }),
      Number.isFinite(growth) ? `${growth.toFixed(2)}×${growth > GROWTH_LIMIT ? ' (over 1.5×)' : ''}` : '–',
    ];
  });
  const rss = [
    'RSS of the process after the size',
    ...sizes.flatMap((size) => {
      const mib = byId.get(scaleId('count', size))?.extra?.['rssMiB'];
      return [mib === undefined ? '–' : `${mib.toFixed(0)} MiB`, '', ''];
    }),
    '',
  ];
  const table = [header, ...rows, rss];
  return style === 'text' ? textTable(table) : markdownTable(table);
}

/** The per-active-reservation cost of a decision, in words (empty when it was not measured). */
export function perActiveLine(results: readonly ScenarioResult[]): string {
  const extra = results.find((result) => result.id === 'scale.per-active')?.extra;
  if (extra === undefined) return '';
  const [few, many, perActive] = Object.entries(extra);
  if (few === undefined || many === undefined || perActive === undefined) return '';
  return `Reservation decision: ${perActive[1].toFixed(2)} µs per active reservation (${few[0]}: ${formatUs(few[1])}; ${many[0]}: ${formatUs(many[1])})`;
}
