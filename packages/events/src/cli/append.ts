import { generateEventId, nowIso } from '@fleettools/core';
import { z } from 'zod';

import { validateEvent } from '../index.js';
import { COMMON_OPTIONS, commonShape, eventTypeOption, parseOptions, validateOptions } from './args.js';
import { CliUsageError, EXIT, type CliIo } from './io.js';
import { withProject } from './project.js';

/** `fleet append --help`. */
export const APPEND_HELP = `Usage: fleet append --type T [--json '{...}'] [--project DIR]
       echo '{...}' | fleet append --type T

Appends one event to the project's log, so agents without a TypeScript host can write events from a shell.
The JSON object holds the type's own fields (see the catalog in the events README); project_key, id and
timestamp are filled in when absent. The event is validated first: on any problem every issue is printed,
nothing is written, and the exit code is 1. On success the stored event (with its sequence) is printed as
one JSON line. The project's .fleet/fleet.db is created if needed.

Options:
  --type T            the event type, e.g. pilot_registered (or a "type" field in the JSON)
  --json JSON         the event's fields as one JSON object (default: read standard input)
  --project DIR       the project directory (default: the current directory)
  --project-key KEY   the project key (default: the project's absolute path)
  -h, --help          show this help

Example:
  fleet append --type pilot_registered --json '{"callsign":"viper-1","program":"bash"}'`;

const AppendOptions = z.object({
  ...commonShape,
  type: eventTypeOption.optional(),
  json: z.string().optional(),
});

/** A JSON object (not an array or a scalar). */
const JsonObject = z.record(z.string(), z.unknown());

/** `fleet append`: validates one event given as JSON and appends it. */
export async function runAppend(args: readonly string[], io: CliIo): Promise<number> {
  const options = validateOptions(
    AppendOptions,
    parseOptions(args, { ...COMMON_OPTIONS, type: { type: 'string' }, json: { type: 'string' } }),
  );
  if (options.help === true) {
    io.stdout(APPEND_HELP);
    return EXIT.OK;
  }
  if (options.json === undefined && io.stdinIsTTY) {
    throw new CliUsageError(`no event given: pass --json '{...}' or pipe the JSON on standard input`);
  }
  const fields = parseJsonObject(options.json ?? (await io.readStdin()));
  const type = fields.type ?? options.type;
  if (type === undefined) throw new CliUsageError('no event type: pass --type T or a "type" field');
  if (options.type !== undefined && fields.type !== undefined && fields.type !== options.type) {
    throw new CliUsageError(
      `--type ${options.type} disagrees with the JSON's "type" ${JSON.stringify(fields.type)}`,
    );
  }
  return withProject(io, options, { create: true }, async ({ projectKey, store }) => {
    const event = validateEvent({
      project_key: projectKey,
      id: generateEventId(),
      timestamp: nowIso(),
      ...fields,
      type,
    });
    const stored = await store.append(event, projectKey);
    io.stdout(JSON.stringify(stored));
    return EXIT.OK;
  });
}

/** Parses the event's JSON text; anything but one JSON object is a one-line usage error. */
function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`the event is not valid JSON: ${(error as Error).message}`);
  }
  const result = JsonObject.safeParse(value);
  if (!result.success) throw new CliUsageError('the event must be one JSON object ({...})');
  return result.data;
}
