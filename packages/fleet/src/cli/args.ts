import { parseArgs, type ParseArgsConfig } from 'node:util';

import { parseIso } from '@fleettools/core';
import { EVENT_TYPES } from '@fleettools/events';
import { z } from 'zod';

import { CliUsageError } from './io.js';

/** One option of a command: its `parseArgs` declaration and a line of help. */
export interface OptionInfo {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** `--name VALUE   help`: the value's name (strings only) and what it does. */
  readonly value?: string;
  readonly help: string;
}

/** A command's options by name. */
export type OptionTable = Readonly<Record<string, OptionInfo>>;

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionTable = {
  as: { type: 'string', value: 'CALLSIGN', help: 'act as this pilot (default: $FLEET_CALLSIGN)' },
  json: { type: 'boolean', help: 'print JSON (one object, or one per line for lists that stream)' },
  project: {
    type: 'string',
    value: 'DIR',
    help: 'find the project from DIR instead of the working directory',
  },
  'project-key': { type: 'string', value: 'KEY', help: 'fail unless the project is KEY' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** Parsed command-line words: option values by name, and the positional words. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Splits a command's words into option values and positionals. Unknown options, missing values and a flag
 * given twice (unless it may repeat) become one-line `CliUsageError`s: the last one never silently wins.
 */
export function parseCommandArgs(args: readonly string[], table: OptionTable): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, info] of Object.entries({ ...GLOBAL_OPTIONS, ...table })) {
    options[name] = {
      type: info.type,
      ...(info.short === undefined ? {} : { short: info.short }),
      ...(info.multiple === true ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; tokens: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    // node's messages run on with advice about `--`; the first sentence says what was wrong.
    throw new CliUsageError(firstSentence(error instanceof Error ? error.message : String(error)));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new CliUsageError(`--${token.name} given twice (give it once)`);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** The first sentence of a message, without its final period. */
function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return (end === -1 ? message : message.slice(0, end)).replace(/\.$/, '');
}

/**
 * Validates values at the command-line boundary with a Zod schema; the first issue becomes a one-line
 * `CliUsageError` naming the option (`--limit: …`).
 */
export function validateOptions<T>(schema: z.ZodType<T>, values: unknown): T {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const option = issue?.path[0];
  const where = typeof option === 'string' ? `--${option}: ` : '';
  throw new CliUsageError(`${where}${issue?.message ?? 'invalid options'}`);
}

/** An integer option given as text (`--limit 20`), from `min` to `max`. */
export function integerOption(min: number, max: number): z.ZodType<number, string> {
  return z.string().transform((text, ctx) => {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}, got '${text}'` });
    return z.NEVER;
  });
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration (`10m`, `90s`, `2h`, `500ms`; a bare number is seconds) as milliseconds. */
export const durationOption = z.string().transform((text, ctx) => {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text);
  if (match?.[1] !== undefined) {
    const unit = (match[2] ?? 's') as keyof typeof UNIT_MS;
    return Number(match[1]) * UNIT_MS[unit];
  }
  ctx.addIssue({ code: 'custom', message: `expected a duration like 10m, 90s, 2h or 500ms, got '${text}'` });
  return z.NEVER;
});

/** An ISO 8601 date-time with a zone (`--since 2025-01-09T14:30:00Z`), kept as given. */
export const isoOption = z.string().refine(
  (text) => {
    try {
      parseIso(text);
      return true;
    } catch {
      return false;
    }
  },
  { error: (issue) => `expected an ISO 8601 date-time with a zone, got '${String(issue.input)}'` },
);

/** One event type name, checked against the catalog. */
export const eventTypeOption = z
  .string()
  .refine((text) => (EVENT_TYPES as readonly string[]).includes(text), {
    error: (issue) => `unknown event type '${String(issue.input)}' (fleet types lists them)`,
  });

/** The help text of a command: usage, what it does, its options and the global ones. */
export function helpText(usage: string, about: string, table: OptionTable): string {
  const line = (name: string, info: OptionInfo): string => {
    const flag = `${info.short === undefined ? '' : `-${info.short}, `}--${name}${info.value === undefined ? '' : ` ${info.value}`}`;
    return `  ${flag.padEnd(24)} ${info.help}`;
  };
  const own = Object.entries(table).map(([name, info]) => line(name, info));
  const global = Object.entries(GLOBAL_OPTIONS).map(([name, info]) => line(name, info));
  return [`Usage: ${usage}`, '', about, '', 'Options:', ...own, ...global].join('\n');
}
