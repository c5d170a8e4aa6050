import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runCli, type CliIo } from '../../src/cli/index.js';

/** What one in-process `fleet` run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** Options of {@link cli}: standard input, the clock, a stop signal, and where the output goes. */
export interface CliRunOptions {
  readonly stdin?: string | Error;
  readonly now?: Date;
  readonly signal?: AbortSignal;
  readonly out?: string[];
}

/** Runs `fleet <argv>` in-process with `cwd` as working directory. */
export async function cli(
  cwd: string,
  argv: readonly string[],
  options: CliRunOptions = {},
): Promise<CliRun> {
  const out = options.out ?? [];
  const err: string[] = [];
  const { stdin, now, signal } = options;
  const io: CliIo = {
    stdout: (line) => out.push(...line.split('\n')),
    stderr: (line) => err.push(line),
    readStdin: () => (stdin instanceof Error ? Promise.reject(stdin) : Promise.resolve(stdin ?? '')),
    stdinIsTTY: stdin === undefined,
    cwd,
    ...(signal === undefined ? {} : { signal }),
    ...(now === undefined ? {} : { now: () => now }),
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** A new empty project directory, and a function that removes it. */
export function tempProject(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-cli-test-'));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
