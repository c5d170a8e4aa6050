/**
 * Runs one package script (`test`, `build`) inside every workspace package (every `packages/<dir>/package.json`),
 * in dependency order, so each package's own bunfig.toml (coverage threshold) and tsconfig apply. For `test`,
 * it then runs the repository's own tests (`test/` at the root: the install test, the scripts' tests) and ends
 * with one plain line totalling everything: `N passed, N failed`. Exits non-zero if any fails.
 */
import { REPOSITORY_ROOT, workspacePackages } from './workspace-packages.js';

const script = process.argv[2];
if (script === undefined) {
  console.error('usage: bun scripts/each-package.ts <script>');
  process.exit(2);
}

const units = workspacePackages().map((pkg) => ({
  label: pkg.name,
  cwd: pkg.dir,
  cmd: ['bun', 'run', script],
}));
if (script === 'test')
  units.push({ label: 'repository tests', cwd: REPOSITORY_ROOT, cmd: ['bun', 'test', './test/'] });

const failedUnits: string[] = [];
let passed = 0;
let failed = 0;

for (const { label, cwd, cmd } of units) {
  console.log(`\n=== ${label}: ${cmd.join(' ')} ===`);
  const proc = Bun.spawn(cmd, { cwd, stdout: 'inherit', stderr: 'pipe' });
  const output = await echo(proc.stderr);
  if ((await proc.exited) !== 0) failedUnits.push(label);
  passed += count(output, 'pass');
  failed += count(output, 'fail');
}

if (script === 'test') console.log(`\n${passed} passed, ${failed} failed`);
if (failedUnits.length > 0) {
  console.error(`\n${script} failed in: ${failedUnits.join(', ')}`);
  process.exit(1);
}

/** Copies a stream to stderr as it arrives and returns all of it. */
async function echo(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) {
    process.stderr.write(chunk);
    text += decoder.decode(chunk, { stream: true });
  }
  return text;
}

/** Reads bun test's summary line ` 171 pass` / ` 0 fail`. */
function count(output: string, word: 'pass' | 'fail'): number {
  const match = new RegExp(`^ (\\d+) ${word}$`, 'm').exec(output);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}
