/**
 * Runs one package script (`test`, `build`) inside every workspace package, in dependency order, so each
 * package's own bunfig.toml (coverage threshold) and tsconfig apply. Exits non-zero if any fails. For `test`,
 * it ends with one plain line totalling every package: `N passed, N failed`.
 */
const PACKAGES = ['core', 'db', 'events', 'fleet'] as const;

const script = process.argv[2];
if (script === undefined) {
  console.error('usage: bun scripts/each-package.ts <script>');
  process.exit(2);
}

const failedPackages: string[] = [];
let passed = 0;
let failed = 0;

for (const name of PACKAGES) {
  const cwd = new URL(`../packages/${name}/`, import.meta.url).pathname;
  if (!(await Bun.file(`${cwd}package.json`).exists())) continue;
  console.log(`\n=== @fleettools/${name}: bun run ${script} ===`);
  const proc = Bun.spawn(['bun', 'run', script], { cwd, stdout: 'inherit', stderr: 'pipe' });
  const output = await echo(proc.stderr);
  if ((await proc.exited) !== 0) failedPackages.push(name);
  passed += count(output, 'pass');
  failed += count(output, 'fail');
}

if (script === 'test') console.log(`\n${passed} passed, ${failed} failed`);
if (failedPackages.length > 0) {
  console.error(`\n${script} failed in: ${failedPackages.join(', ')}`);
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
