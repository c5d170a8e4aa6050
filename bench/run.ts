/**
 * FleetTools benchmark. `bun run bench`: the full run behind BENCHMARKS.md (about 12 minutes on 2 cores, most of it seeding).
 * `bun run bench --quick`: seconds, small counts, for CI; asserts nothing about time, only that every
 * scenario ran and nothing was lost (the scale group included, on two small sizes).
 * `bun run bench --scale`: the growth table alone (10k, 100k and 1M events of a realistic mix, seeded files
 * reused between runs); minutes, not in CI.
 *
 * Prints progress on stderr and the tables on stdout, writes `bench/results/latest.json` (full) or
 * `bench/results/quick.json` (quick) plus a Markdown copy of the tables, and exits 1 when a scenario failed,
 * did not run, or one of its checks did not hold.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { configFor } from './lib/config.js';
import { machineInfo } from './lib/machine.js';
import { extrasTable, figuresTable, machineLine, problems, targetsTable } from './lib/report.js';
import { Recorder } from './lib/scenario.js';
import { judgeTargets } from './lib/targets.js';
import { runAppend } from './scenarios/append.js';
import { runGuard } from './scenarios/guard.js';
import { runLongLived } from './scenarios/long-lived.js';
import { runMcp } from './scenarios/mcp.js';
import { runOpen } from './scenarios/open.js';
import { runProcesses } from './scenarios/processes.js';
import { runQueue } from './scenarios/queue.js';
import { runReads } from './scenarios/reads.js';
import { runScale, SCALE_OPS, scaleId } from './scenarios/scale.js';
import { growthTable, perActiveLine } from './lib/scale-report.js';
import { runReplay } from './scenarios/replay.js';
import { runUi } from './scenarios/ui.js';
import { runGlobOverlap, runValidate } from './scenarios/validate.js';

/** Every scenario a run must produce, in order. */
const EXPECTED = [
  'validate.create',
  'validate.validate',
  'validate.glob-overlap',
  'append.memory',
  'append.file-normal',
  'append.file-full',
  'append.message',
  'append.many-100',
  'append.rss',
  'query.project',
  'query.type',
  'query.stream',
  'query.time',
  'read.latest',
  'read.latest-sequence',
  'read.count',
  'state.inbox',
  'state.reservations',
  'replay.small',
  'replay.large',
  'snapshot.replay',
  'compaction.size',
  'snapshot.auto',
  'open.cold',
  'open.warm',
  'processes.1',
  'processes.4',
  'processes.16',
  'guard.1',
  'guard.1000',
  'ui.first-page',
  'ui.log',
  'ui.timeline',
  'mcp.reserve',
  'mcp.send',
  'mcp.inbox',
  'mcp.tools-list',
  'mcp.notify',
  'queue.claim',
  'queue.search',
];

const GROUPS = [
  runValidate,
  runGlobOverlap,
  runAppend,
  runReads,
  runReplay,
  runLongLived,
  runOpen,
  runProcesses,
  runGuard,
  runMcp,
  runUi,
  runScale,
  runQueue,
];

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const config = configFor(process.argv.slice(2));
/** The scale mode runs its group alone; the other modes run every group (the scale one on small sizes). */
const groups = config.mode === 'scale' ? [runScale] : GROUPS;
const scaleIds = config.scale.sizes.flatMap((size) => SCALE_OPS.map((op) => scaleId(op, size)));
if (scaleIds.length > 0) scaleIds.push('scale.per-active');
const expected = config.mode === 'scale' ? scaleIds : [...EXPECTED, ...scaleIds];
const machine = await machineInfo();
log(`FleetTools bench (${config.mode}) on ${machineLine(machine)}`);

const tmpRoot = mkdtempSync(join(tmpdir(), 'fleettools-bench-'));
const recorder = new Recorder(config, tmpRoot, log);
const started = performance.now();
const groupErrors: string[] = [];
try {
  for (const group of groups) {
    try {
      await group(recorder);
    } catch (error) {
      groupErrors.push(
        `${group.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      log(`  ${group.name} FAILED: ${groupErrors.at(-1) ?? ''}`);
    }
  }
} finally {
  rmSync(tmpRoot, { recursive: true, force: true });
}
const durationS = (performance.now() - started) / 1000;

const { results } = recorder;
const targets = judgeTargets(results);
const ran = new Set(results.map((result) => result.id));
const issues = [
  ...groupErrors,
  ...expected.filter((id) => !ran.has(id)).map((id) => `${id}: did not run`),
  ...problems(results),
];

console.log(`\nFleetTools bench (${config.mode}, ${durationS.toFixed(1)} s)\n${machineLine(machine)}\n`);
const sizes = config.scale.sizes;
if (config.mode !== 'scale') {
  console.log(figuresTable(results, 'text'));
  console.log(
    `\nTargets${config.mode === 'quick' ? ' (quick run: small counts, figures not meaningful)' : ''}\n`,
  );
  console.log(targetsTable(targets, 'text'));
  console.log(`\nOther figures\n\n${extrasTable(results, 'text')}`);
}
if (sizes.length > 0) {
  console.log(`\nGrowth with the length of the log\n\n${growthTable(results, sizes, 'text')}`);
  console.log(`\n${perActiveLine(results)}`);
}

const resultsDir = fileURLToPath(new URL('./results', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const name = { full: 'latest', quick: 'quick', scale: 'scale' }[config.mode];
const growth =
  sizes.length === 0 ? '' : `\n\n${growthTable(results, sizes, 'markdown')}\n\n${perActiveLine(results)}`;
writeFileSync(
  join(resultsDir, `${name}.json`),
  `${JSON.stringify({ mode: config.mode, durationS, machine, targets, issues, results }, null, 2)}\n`,
);
writeFileSync(
  join(resultsDir, `${name}.md`),
  config.mode === 'scale'
    ? `${machineLine(machine)}${growth}\n`
    : `${machineLine(machine)}\n\n${figuresTable(results, 'markdown')}\n\n${targetsTable(targets, 'markdown')}\n\n${extrasTable(results, 'markdown')}${growth}\n`,
);
console.log(`\nWrote bench/results/${name}.json and bench/results/${name}.md`);

if (issues.length > 0) {
  console.error(
    `\n${String(issues.length)} problem(s):\n${issues.map((issue) => `  - ${issue}`).join('\n')}`,
  );
  process.exit(1);
}
