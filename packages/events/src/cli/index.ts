/**
 * The `fleet` command line: `status`, `log`, `append` and `replay` on a project's `.fleet/fleet.db`, built
 * on the package's public API. `runCli(argv, io)` is the whole program, pure apart from `io` and the
 * database, so tests run it in-process; `src/bin/fleet.ts` only wires it to the process.
 *
 * @packageDocumentation
 */
import { FleetError } from '@fleettools/core';

import { EventValidationError } from '../index.js';
import { APPEND_HELP, runAppend } from './append.js';
import { CliUsageError, EXIT, type CliIo } from './io.js';
import { LOG_HELP, runLog } from './log.js';
import { REPLAY_HELP, runReplay } from './replay.js';
import { STATUS_HELP, runStatus } from './status.js';

export { CliFailure, CliUsageError, EXIT, type CliIo } from './io.js';

/** `fleet --help`. */
const MAIN_HELP = `Usage: fleet <command> [options]

FleetTools on the command line: read and write a project's event log (.fleet/fleet.db).

Commands:
  status    pilots, active reservations, sorties by state, latest sequence
  log       the event log, readable or JSON lines; --follow tails it
  append    append one event given as JSON (--json or standard input)
  replay    rebuild the projections from the log; --verify compares them with the live ones

Run 'fleet <command> --help' for a command's options. Exit codes: 0 success, 1 failure, 2 usage error.`;

const COMMANDS: Record<
  string,
  { readonly run: (args: readonly string[], io: CliIo) => Promise<number>; readonly help: string }
> = {
  status: { run: runStatus, help: STATUS_HELP },
  log: { run: runLog, help: LOG_HELP },
  append: { run: runAppend, help: APPEND_HELP },
  replay: { run: runReplay, help: REPLAY_HELP },
};

/**
 * Runs one `fleet` command line (`argv` without the program name, e.g. `['status', '--json']`) and returns
 * its exit code. Every failure is one clear line on `io.stderr` (plus the validation issues of an invalid
 * event); nothing is thrown.
 *
 * @example const code = await runCli(['log', '--limit', '5'], io);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(MAIN_HELP);
    return EXIT.USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = args[0];
    io.stdout(topic === undefined ? MAIN_HELP : (COMMANDS[topic]?.help ?? MAIN_HELP));
    return EXIT.OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(
      `fleet: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; see fleet --help)`,
    );
    return EXIT.USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return report(error, name, io);
  }
}

/** Prints a failure as one line (and an invalid event's issues) and returns its exit code. */
function report(error: unknown, name: string, io: CliIo): number {
  if (error instanceof CliUsageError) {
    io.stderr(`fleet ${name}: ${error.message} (see fleet ${name} --help)`);
    return EXIT.USAGE;
  }
  if (error instanceof FleetError) {
    io.stderr(`fleet ${name}: ${error.code}: ${error.message}`);
    if (error instanceof EventValidationError) {
      for (const issue of error.details.issues) io.stderr(`  - ${issue.path || '(event)'}: ${issue.message}`);
    }
    return EXIT.FAILURE;
  }
  io.stderr(`fleet ${name}: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.FAILURE;
}
