/**
 * The packages as a user outside this repository gets them: `bun run pack`'s tarballs, installed with npm into
 * a fresh project, then the README's examples type-checked against the installed (published) types and run
 * under Node and under Bun, and every installed executable run under Node with no Bun anywhere on the PATH
 * (`fleet mcp` driven by the official MCP SDK client over stdio).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { z } from 'zod';

import { packWorkspace, type PackedPackage } from '../scripts/pack.js';
import { readmeExamples } from '../scripts/readme-examples.js';
import { runProcess, type ProcessRun } from '../scripts/run-process.js';
import { REPOSITORY_ROOT, workspacePackages } from '../scripts/workspace-packages.js';

const STEP_MS = 60_000;
const work = mkdtempSync(join(tmpdir(), 'fleet-install-'));
const project = join(work, 'project');
const nodeOnlyPath = pathWithNodeButNoBun(join(work, 'node-only-bin'));
const examples = readmeExamples(new URL('README.md', `file://${REPOSITORY_ROOT}`));
let packed: PackedPackage[] = [];

/** The drizzle-orm version @fleettools/db depends on. */
function drizzleVersion(): string {
  const db = readFileSync(join(REPOSITORY_ROOT, 'packages/db/package.json'), 'utf8');
  const version = z.object({ dependencies: z.object({ 'drizzle-orm': z.string() }) }).parse(JSON.parse(db));
  return version.dependencies['drizzle-orm'];
}

/** The `@types` folder holding the repository's own `@types/node` (the one `@types/bun` brings). */
function nodeTypesRoot(): string {
  const bunTypes = Bun.resolveSync(
    'bun-types/package.json',
    realpathSync(join(REPOSITORY_ROOT, 'node_modules/@types/bun')),
  );
  return dirname(dirname(Bun.resolveSync('@types/node/package.json', dirname(bunTypes))));
}

/** Runs `cmd` in `cwd`; `path` replaces PATH and `stdin` is piped in, when given. */
function run(
  cmd: string[],
  cwd: string,
  options: { path?: string; stdin?: string } = {},
): Promise<ProcessRun> {
  return runProcess(cmd, { cwd, ...options });
}

/**
 * A PATH on which `node` is found and `bun` is not: a directory holding only a `node` link, then every
 * directory of the current PATH that holds no `bun` (on many machines both live in /usr/bin).
 */
function pathWithNodeButNoBun(linkDir: string): string {
  const node = Bun.which('node');
  if (node === null) throw new Error('the install test needs Node on the PATH (CI installs Bun with npm)');
  mkdirSync(linkDir, { recursive: true });
  symlinkSync(realpathSync(node), join(linkDir, 'node'));
  const rest = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && !existsSync(join(dir, 'bun')));
  return [linkDir, ...rest].join(delimiter);
}

/** The spec's snippets as it writes them (phase0-foundation.md), with the imports they assume. */
const SPEC_AS_WRITTEN = `import { createFleetDb } from '@fleettools/db';
import { EventStore, type FleetEvent } from '@fleettools/events';

const db = createFleetDb({ projectPath: '/path/to/project' });
const event: FleetEvent = {
  id: 'evt-1',
  type: 'pilot_registered',
  project_key: '/test/project',
  timestamp: '2025-01-09T14:30:00.000Z',
  callsign: 'viper-1',
};
await db.select().from(eventsTable).limit(1);
const events = await EventStore.fromDb(db).query({ project_key: '/test/project' });
console.log(event, events[0].callsign);
`;

/** Type-checks `files` of the project (strict, NodeNext, as a Node user compiles) with the repository's tsc. */
async function typeCheck(files: string[]): Promise<ProcessRun> {
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [nodeTypesRoot()],
      },
      files,
    }),
  );
  return run(['bun', join(REPOSITORY_ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
}

/** The README example `index` (0-based) written into the project as `<name>.ts`; returns the file name. */
function writeExample(index: number): string {
  const file = `readme-example-${index + 1}.ts`;
  writeFileSync(join(project, file), examples[index] ?? '');
  return file;
}

/** The README example `index` as JavaScript (types stripped by Bun's transpiler), for Node; returns the name. */
function writeExampleForNode(index: number): string {
  const file = `readme-example-${index + 1}.mjs`;
  writeFileSync(
    join(project, file),
    new Bun.Transpiler({ loader: 'ts' }).transformSync(examples[index] ?? ''),
  );
  return file;
}

beforeAll(async () => {
  packed = await packWorkspace(join(work, 'packs'));
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'fleet-install-test', private: true, type: 'module' }),
  );
  // As README's "Use it in your project" says: the tarballs, and drizzle-orm at the version db pins.
  const install = await run(
    [
      'npm',
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...packed.map(({ tarball }) => tarball),
      `drizzle-orm@${drizzleVersion()}`,
    ],
    project,
  );
  if (install.exitCode !== 0) throw new Error(`npm install failed:\n${install.stdout}${install.stderr}`);
}, 4 * STEP_MS);

// Removing the installed project (node_modules with native binaries) can outlast the default 5 s on a busy machine.
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
}, STEP_MS);

describe('every package, packed by bun run pack and installed with npm', () => {
  test('every public package was packed, with LICENSE, README, built JavaScript and types, and no workspace: range', async () => {
    const names = workspacePackages()
      .filter((pkg) => !pkg.private)
      .map((pkg) => pkg.name);
    expect(packed.map(({ pkg }) => pkg.name)).toEqual(names);
    for (const { pkg, tarball } of packed) {
      const listing = await run(['tar', '-tzf', tarball], work);
      const files = listing.stdout.split('\n');
      for (const file of [
        'LICENSE',
        'README.md',
        'package.json',
        'dist/index.js',
        'dist/index.d.ts',
        'src/index.ts',
      ])
        expect({ pkg: pkg.name, has: files.includes(`package/${file}`) }).toEqual({
          pkg: pkg.name,
          has: true,
        });
      expect(files.filter((file) => file.endsWith('.tsbuildinfo') || file.includes('/test/'))).toEqual([]);
      const manifest = await run(['tar', '-xOzf', tarball, 'package/package.json'], work);
      expect(manifest.stdout).not.toContain('workspace:');
    }
  });

  test(
    'the README examples type-check against the installed packages (the types Node resolves)',
    async () => {
      const tsc = await typeCheck(examples.map((_, index) => writeExample(index)));
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.exitCode).toBe(0);
    },
    STEP_MS,
  );

  test(
    "the spec's three snippets, as the spec writes them, do not compile (README says how to write them)",
    async () => {
      writeFileSync(join(project, 'spec-as-written.ts'), SPEC_AS_WRITTEN);
      const tsc = await typeCheck(['spec-as-written.ts']);
      const codes = new Set([...tsc.stdout.matchAll(/error (TS\d+)/g)].map(([, code]) => code));
      // TS2322: branded ids, project key, timestamp and callsign in an object literal; TS2304: eventsTable
      // never imported; TS2532: events[0] possibly undefined; TS2339: callsign not on every event type.
      expect([...codes].sort()).toEqual(['TS2304', 'TS2322', 'TS2339', 'TS2532']);
      expect(tsc.exitCode).not.toBe(0);
    },
    STEP_MS,
  );

  test.each(examples.map((_, index) => [index + 1, index] as const))(
    'README example %d runs under Node with no Bun on the PATH',
    async (_, index) => {
      const ran = await run(['node', writeExampleForNode(index)], project, { path: nodeOnlyPath });
      expect(ran.stderr).toBe('');
      expect(ran.exitCode).toBe(0);
      expect(ran.stdout).not.toBe('');
    },
    STEP_MS,
  );

  test.each(examples.map((_, index) => [index + 1, index] as const))(
    'README example %d runs under Bun',
    async (_, index) => {
      const ran = await run(['bun', writeExample(index)], project);
      expect(ran.stderr).toBe('');
      expect(ran.exitCode).toBe(0);
      expect(ran.stdout).not.toBe('');
    },
    STEP_MS,
  );
});

describe('the installed executables under Node, with no Bun on the PATH', () => {
  const bins = workspacePackages().flatMap((pkg) => Object.keys(pkg.bins));
  const binPath = (name: string) => join(project, 'node_modules', '.bin', name);

  test('the PATH really has Node and no Bun', async () => {
    expect(Bun.which('bun', { PATH: nodeOnlyPath })).toBeNull();
    const node = await run(['node', '-p', 'typeof Bun'], work, { path: nodeOnlyPath });
    expect(node.stdout.trim()).toBe('undefined');
  });

  test.each(bins)('%s --help', async (name) => {
    const help = await run([binPath(name), '--help'], work, { path: nodeOnlyPath });
    expect(help.stderr).toBe('');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage:');
  });

  test(
    'fleet init creates the project, appends from standard input and reserves; status, log and replay --verify read it back',
    async () => {
      expect(bins).toContain('fleet');
      const dir = join(work, 'fleet-project');
      mkdirSync(dir);
      const fleet = (args: string[], stdin?: string) =>
        run([binPath('fleet'), ...args], dir, {
          path: nodeOnlyPath,
          ...(stdin === undefined ? {} : { stdin }),
        });

      const init = await fleet(['init']);
      expect(init.exitCode).toBe(0);
      expect(existsSync(join(dir, '.fleet', 'fleet.db'))).toBe(true);
      const appended = await fleet(['append', '--type', 'pilot_registered'], '{"callsign":"viper-1"}');
      expect(appended.stderr).toBe('');
      expect(appended.exitCode).toBe(0);
      const reserved = await fleet(['reserve', '--as', 'viper-1', 'src/a.ts']);
      expect(reserved.exitCode).toBe(0);
      const status = await fleet(['status']);
      expect(status.stdout).toContain('latest sequence  2');
      expect(status.stdout).toMatch(/viper-1 +active/);
      expect(status.stdout).toMatch(/viper-1 +exclusive .* src\/a\.ts/);
      const log = await fleet(['log', '--json']);
      const events = log.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown);
      expect(events).toMatchObject([
        { type: 'pilot_registered', callsign: 'viper-1', sequence: 1 },
        { type: 'file_reserved', callsign: 'viper-1', paths: ['src/a.ts'], sequence: 2 },
      ]);
      const replay = await fleet(['replay', '--verify']);
      expect(replay.exitCode).toBe(0);
      expect(replay.stdout).toStartWith('replay --verify: PASS');
    },
    STEP_MS,
  );

  test(
    'fleet mcp serves the official SDK client over stdio: register, reserve and status',
    async () => {
      const dir = join(work, 'mcp-project');
      mkdirSync(dir);
      expect((await run([binPath('fleet'), 'init'], dir, { path: nodeOnlyPath })).exitCode).toBe(0);
      const transport = new StdioClientTransport({
        command: binPath('fleet'),
        args: ['mcp'],
        cwd: dir,
        env: { PATH: nodeOnlyPath },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'install-test', version: '1.0.0' });
      await client.connect(transport);
      try {
        const call = async (name: string, args: Record<string, unknown>) =>
          (await client.callTool({ name, arguments: args })).structuredContent;
        expect(await call('register', { callsign: 'viper-1' })).toMatchObject({ callsign: 'viper-1' });
        expect(await call('reserve', { paths: ['src/a.ts'] })).toMatchObject({
          reservation: { callsign: 'viper-1', paths: ['src/a.ts'] },
        });
        expect(await call('status', {})).toMatchObject({
          pilots: [{ callsign: 'viper-1', status: 'active' }],
        });
      } finally {
        await client.close();
      }
    },
    STEP_MS,
  );
});
