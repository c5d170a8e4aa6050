import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runCli } from '../../src/cli/index.js';
import { runProcess, type ProcessRun } from './spawn.js';

/** The `fleet` program from source, run by Bun as a real process. */
export const FLEET_SOURCE = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

/** What a `fleet` run printed and how it ended. */
export type FleetRun = ProcessRun;

/** Options of {@link fleet}. */
export interface FleetRunOptions {
  readonly stdin?: string;
  readonly as?: string;
  readonly env?: Record<string, string>;
  /** The clock of an in-process run. */
  readonly now?: Date;
}

/** Runs `fleet ARGS` as a real process in `cwd` (stdin piped when given, else empty). */
export async function fleet(
  cwd: string,
  args: readonly string[],
  options: FleetRunOptions = {},
): Promise<FleetRun> {
  return runProcess(['bun', FLEET_SOURCE, ...args], {
    cwd,
    env: {
      ...process.env,
      FLEET_CALLSIGN: options.as ?? '',
      ...options.env,
    },
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
}

/** Runs git in `cwd`; throws on failure. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A temporary directory, removed by `remove()`. */
export function tempDir(prefix = 'fleet-test-'): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real git repository with one commit, `src/deep/` inside it, and a second worktree beside it. */
export function gitRepoWithWorktree(base: string): { readonly repo: string; readonly worktree: string } {
  const repo = join(base, 'repo');
  const worktree = join(base, 'second-worktree');
  mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
  git(repo, 'init', '-q');
  git(
    repo,
    '-c',
    'user.email=t@example.com',
    '-c',
    'user.name=t',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'init',
  );
  git(repo, 'worktree', 'add', '-q', worktree);
  mkdirSync(join(worktree, 'src', 'deep'), { recursive: true });
  return { repo, worktree };
}

/** Runs `fleet ARGS` in this process through `runCli` (same program, measured by coverage). */
export async function fleetInProcess(
  cwd: string,
  args: readonly string[],
  options: FleetRunOptions = {},
): Promise<FleetRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (line) => out.push(`${line}\n`),
    stderr: (line) => err.push(`${line}\n`),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    stdinIsTTY: false,
    cwd,
    env: { FLEET_CALLSIGN: options.as ?? '', ...options.env },
    ...(options.now === undefined ? {} : { now: () => options.now ?? new Date() }),
  });
  return { code, out: out.join(''), err: err.join('') };
}
