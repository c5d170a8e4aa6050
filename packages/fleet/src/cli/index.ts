/**
 * The `fleet` command line, built on the package's public API. `runCli(argv, io)` is the whole program, pure
 * apart from `io` and the database, so tests run it in-process; `src/bin.ts` only wires it to the process.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';

import { FleetError } from '@fleettools/core';
import { EventValidationError } from '@fleettools/events';

import { helpText, parseCommandArgs } from './args.js';
import { COMMANDS } from './commands.js';
import { CommandContext, type Command } from './context.js';
import { CliUsageError, EXIT, type CliIo } from './io.js';

export { CliFailure, CliUsageError, EXIT, type CliIo } from './io.js';

/** The package's version, read from its package.json (which ships beside `src/` and `dist/`). */
export const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** `fleet --help`. */
export const MAIN_HELP = [
  'Usage: fleet <command> [options]',
  '',
  'FleetTools from the shell: the project is found from the working directory (the nearest .fleet/, or the',
  "repository's main working tree in a git worktree); create it once with `fleet init`. The acting pilot is",
  '--as CALLSIGN or $FLEET_CALLSIGN. Paths are taken relative to the working directory, as git takes them.',
  '',
  'Commands:',
  ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(11)} ${command.summary}`),
  '',
  "Every command takes --json (JSON output), --as, --project DIR and --help; 'fleet <command> --help' shows",
  'its options. A flag given twice is a usage error. fleet --version prints the version.',
  '',
  'Exit codes: 0 done; 1 refused by a rule or failed (the error code on stderr, e.g. RESERVATION_CONFLICT);',
  '2 usage error (unknown command or option, bad value, a flag given twice, no input).',
].join('\n');

/** The help of one command. */
function commandHelp(name: string, command: Command): string {
  const usage = command.usage.startsWith(`fleet ${name}`) ? command.usage : `fleet ${name} ${command.usage}`;
  return helpText(usage, command.about, command.options);
}

/**
 * Runs one `fleet` command line (`argv` without the program name, e.g. `['status', '--json']`) and returns
 * its exit code. Every failure is one clear line on `io.stderr` (plus a `hint:` line, and an invalid event's
 * issues), or one JSON object with `--json`; nothing is thrown.
 *
 * @example const code = await runCli(['log', '--limit', '5'], io);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(MAIN_HELP);
    return EXIT.USAGE;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(VERSION);
    return EXIT.OK;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = args[0] === undefined ? undefined : COMMANDS[args[0]];
    io.stdout(topic === undefined || args[0] === undefined ? MAIN_HELP : commandHelp(args[0], topic));
    return EXIT.OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(
      `fleet: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; see fleet --help)`,
    );
    return EXIT.USAGE;
  }
  const json = args.includes('--json');
  let ctx: CommandContext | undefined;
  try {
    const parsed = parseCommandArgs(args, command.options);
    if (parsed.values['help'] === true) {
      io.stdout(commandHelp(name, command));
      return EXIT.OK;
    }
    const { min, max, name: what } = command.positionals;
    if (parsed.positionals.length < min) throw new CliUsageError(`missing ${what}`);
    if (parsed.positionals.length > max) {
      throw new CliUsageError(`unexpected argument '${parsed.positionals[max] ?? ''}'`);
    }
    ctx = new CommandContext(io, parsed);
    return (await command.run(ctx)) ?? EXIT.OK;
  } catch (error) {
    return report(error, name, io, json);
  } finally {
    await ctx?.close();
  }
}

/** Prints a failure (one line, a hint line, an invalid event's issues; or JSON) and returns its exit code. */
function report(error: unknown, name: string, io: CliIo, json: boolean): number {
  const code = error instanceof CliUsageError ? EXIT.USAGE : EXIT.FAILURE;
  if (json) {
    const value =
      error instanceof FleetError
        ? error.toJSON()
        : { name: 'Error', code: 'UNEXPECTED', message: String(error) };
    io.stderr(JSON.stringify({ error: value }));
    return code;
  }
  if (error instanceof CliUsageError) {
    io.stderr(`fleet ${name}: ${error.message} (see fleet ${name} --help)`);
    return code;
  }
  if (error instanceof FleetError) {
    io.stderr(`fleet ${name}: ${error.code}: ${error.message}`);
    if (error.hint !== undefined) io.stderr(`  hint: ${error.hint.action}`);
    if (error instanceof EventValidationError) {
      for (const issue of error.details.issues) io.stderr(`  - ${issue.path || '(event)'}: ${issue.message}`);
    }
    return code;
  }
  io.stderr(`fleet ${name}: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return code;
}
