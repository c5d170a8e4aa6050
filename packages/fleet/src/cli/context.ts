import { relative, resolve, sep } from 'node:path';

import { parseCallsign } from '@fleettools/core';

import { openFleet, type Fleet } from '../fleet.js';
import type { Pilot } from '../pilot/pilot.js';
import { gitPlace } from '../project/git.js';
import type { OptionTable, ParsedArgs } from './args.js';
import { CliUsageError, type CliIo } from './io.js';

/** What a command gets: its arguments, output that honours `--json`, and the project and pilot on demand. */
export class CommandContext {
  #fleet: Fleet | undefined;

  constructor(
    readonly io: CliIo,
    readonly args: ParsedArgs,
  ) {}

  /** True with `--json`: every output is JSON. */
  get json(): boolean {
    return this.args.values['json'] === true;
  }

  /** Prints a result: `value` as one JSON line with `--json`, else the readable `lines`. */
  out(value: unknown, lines: readonly string[]): void {
    if (this.json) this.io.stdout(JSON.stringify(value));
    else for (const line of lines) this.io.stdout(line);
  }

  /** The clock. */
  now(): Date {
    return this.io.now?.() ?? new Date();
  }

  /** Who acts: `--as`, else `$FLEET_CALLSIGN`; a usage error when neither is given. */
  callsign(): string {
    const given = this.args.values['as'] ?? this.io.env?.['FLEET_CALLSIGN'];
    if (typeof given !== 'string' || given === '') {
      throw new CliUsageError('no identity: pass --as CALLSIGN or set FLEET_CALLSIGN');
    }
    try {
      return parseCallsign(given);
    } catch (error) {
      throw new CliUsageError(`--as: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The project found from `--project` or the working directory (opened once, closed by {@link close}). */
  async fleet(): Promise<Fleet> {
    if (this.#fleet === undefined) {
      const key = this.args.values['project-key'];
      this.#fleet = await openFleet({
        cwd: this.#start(),
        ...(typeof key === 'string' ? { projectKey: key } : {}),
      });
    }
    return this.#fleet;
  }

  /** The acting pilot (see {@link callsign}) in the project. */
  async pilot(): Promise<Pilot> {
    const callsign = this.callsign();
    return (await this.fleet()).pilot(callsign);
  }

  /**
   * A path typed on the command line, made project-relative the way git does: relative to the working
   * directory, inside whichever worktree it is (`fleet reserve a.ts` in `src/` is `src/a.ts`).
   */
  async projectPath(typed: string): Promise<string> {
    const fleet = await this.fleet();
    const start = this.#start();
    const git = gitPlace(start);
    const base = git !== undefined && git.mainWorktree === fleet.root ? git.worktree : fleet.root;
    const path = relative(base, resolve(start, typed)).split(sep).join('/');
    if (path === '' || path === '..' || path.startsWith('../')) {
      throw new CliUsageError(`path '${typed}' is outside the project (${base})`);
    }
    return path;
  }

  /** Text given as an option, or `-`/absent for standard input; empty input is a usage error. */
  async text(given: string | undefined, what: string): Promise<string> {
    if (given !== undefined && given !== '-') return given;
    if (this.io.stdinIsTTY) throw new CliUsageError(`no ${what}: pass it, or pipe it on standard input`);
    const text = await this.io.readStdin();
    if (text.trim() === '')
      throw new CliUsageError(`no input: standard input was empty (expected the ${what})`);
    return text;
  }

  /** Closes the project if a command opened it. */
  async close(): Promise<void> {
    await this.#fleet?.close();
  }

  #start(): string {
    const dir = this.args.values['project'];
    return resolve(this.io.cwd, typeof dir === 'string' ? dir : '.');
  }
}

/** One `fleet` command: its usage line, one-line summary, longer description, options and work. */
export interface Command {
  readonly usage: string;
  readonly summary: string;
  readonly about: string;
  readonly options: OptionTable;
  /** How many positional words it takes. */
  readonly positionals: { readonly min: number; readonly max: number; readonly name: string };
  /** Does the work; returns the exit code (default 0). */
  readonly run: (ctx: CommandContext) => Promise<number | undefined>;
}

/** No positional words. */
export const NO_POSITIONALS = { min: 0, max: 0, name: '' } as const;
