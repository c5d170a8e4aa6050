/**
 * Runs one package script (`test`, `build`) inside every workspace package, in dependency order,
 * so each package's own bunfig.toml (coverage threshold) and tsconfig apply. Exits non-zero if any fails.
 */
const PACKAGES = ['core', 'db', 'events'] as const;

const script = process.argv[2];
if (script === undefined) {
  console.error('usage: bun scripts/each-package.ts <script>');
  process.exit(2);
}

const failed: string[] = [];
for (const name of PACKAGES) {
  const cwd = new URL(`../packages/${name}/`, import.meta.url).pathname;
  if (!(await Bun.file(`${cwd}package.json`).exists())) continue;
  console.log(`\n=== @fleettools/${name}: bun run ${script} ===`);
  const proc = Bun.spawn(['bun', 'run', script], { cwd, stdout: 'inherit', stderr: 'inherit' });
  if ((await proc.exited) !== 0) failed.push(name);
}

if (failed.length > 0) {
  console.error(`\n${script} failed in: ${failed.join(', ')}`);
  process.exit(1);
}
