import { generateEventId, nowIso } from '@fleettools/core';
import { validateEvent } from '@fleettools/events';
import { z } from 'zod';

import { eventTypeOption, validateOptions } from './args.js';
import { NO_POSITIONALS, type Command } from './context.js';
import { CliUsageError } from './io.js';
import { formatEventLine } from './format.js';

const AppendOptions = z.object({ type: eventTypeOption.optional(), data: z.string().optional() });

/** A JSON object (not an array or a scalar). */
const JsonObject = z.record(z.string(), z.unknown());

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

/** `fleet append`: validates one event given as JSON and appends it. */
export const appendCommand: Command = {
  usage: "fleet append --type T [--data '{...}' | -]",
  summary: 'append one event given as JSON (--data or standard input)',
  about:
    "Appends one event of the project's log. The JSON object holds the type's own fields (fleet schema TYPE\n" +
    'shows them); project_key, id and timestamp are filled in. The event is validated first: on any problem\n' +
    'every issue is printed, nothing is written, and the exit code is 1.',
  options: {
    type: { type: 'string', value: 'T', help: 'the event type (or a "type" field in the JSON)' },
    data: {
      type: 'string',
      value: 'JSON',
      help: "the event's fields as one JSON object (default: standard input)",
    },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const options = validateOptions(AppendOptions, ctx.args.values);
    const fields = parseJsonObject(await ctx.text(options.data, 'event JSON'));
    const type = fields['type'] ?? options.type;
    if (type === undefined) throw new CliUsageError('no event type: pass --type T or a "type" field');
    if (options.type !== undefined && fields['type'] !== undefined && fields['type'] !== options.type) {
      throw new CliUsageError(
        `--type ${options.type} disagrees with the JSON's "type" ${JSON.stringify(fields['type'])}`,
      );
    }
    const fleet = await ctx.fleet();
    const event = validateEvent({
      project_key: fleet.projectKey,
      id: generateEventId(),
      timestamp: nowIso(),
      ...fields,
      type,
    });
    const stored = await fleet.store.append(event, fleet.projectKey);
    ctx.out(stored, [formatEventLine(stored)]);
    return undefined;
  },
};
