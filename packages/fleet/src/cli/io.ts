import { FleetError } from '@fleettools/core';

/**
 * Everything a `fleet` command touches outside itself, so `runCli` is testable in-process: lines out, lines
 * to the error stream, standard input, the working directory, the environment, the clock and a stop signal
 * for `--follow`.
 */
export interface CliIo {
  /** Writes one line (without its newline) to standard output. */
  readonly stdout: (line: string) => void;
  /** Writes one line (without its newline) to standard error. */
  readonly stderr: (line: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  /** True when standard input is a terminal (nothing is piped in). */
  readonly stdinIsTTY: boolean;
  /** The working directory: where the project is searched from and paths are taken relative to. */
  readonly cwd: string;
  /** The environment (`FLEET_CALLSIGN`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Ends `--follow` when aborted (Ctrl-C in the binary). */
  readonly signal?: AbortSignal;
  /** The clock (default: `new Date()`); tests pin it. */
  readonly now?: () => Date;
}

/** Exit codes of `fleet`: done, refused by a rule or failed, and a usage error. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

/** The command line itself was wrong (unknown command or option, bad value, a flag given twice); exit code 2. */
export class CliUsageError extends FleetError {
  declare readonly code: 'CLI_USAGE';

  constructor(message: string) {
    super('CLI_USAGE', message);
  }
}

/** A `fleet` command could not do its job for a reason that is not a usage error; exit code 1. */
export class CliFailure extends FleetError {}
