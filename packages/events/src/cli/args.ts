import { parseArgs, type ParseArgsConfig } from 'node:util';

import { parseIso } from '@fleettools/core';
import { z } from 'zod';

import { EVENT_TYPES } from '../index.js';
import { CliUsageError } from './io.js';

/** The option declarations of one command, in `node:util` `parseArgs` form. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  project: { type: 'string' },
  'project-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/**
 * Splits a command's arguments into option values (no positionals allowed). Unknown options, missing values
 * and stray words become one-line `CliUsageError`s.
 */
export function parseOptions(args: readonly string[], options: OptionSpec): Record<string, unknown> {
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
    return { ...values };
  } catch (error) {
    // node's messages run on with advice about `--`; the first sentence says what was wrong.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(firstSentence(message));
  }
}

/** The first sentence of a message, without its final period. */
function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return (end === -1 ? message : message.slice(0, end)).replace(/\.$/, '');
}

/**
 * Validates parsed option values with a Zod schema at the command-line boundary; the first issue becomes a
 * one-line `CliUsageError` naming the option (`--limit: …`).
 */
export function validateOptions<T>(schema: z.ZodType<T>, values: unknown): T {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const option = issue?.path[0];
  const where = typeof option === 'string' ? `--${option.replace(/_/g, '-')}: ` : '';
  throw new CliUsageError(`${where}${issue?.message ?? 'invalid options'}`);
}

/** A positive integer option given as text (`--limit 20`). */
export function integerOption(min: number, max: number): z.ZodType<number> {
  return z.string().transform((text, ctx) => {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}, got '${text}'` });
    return z.NEVER;
  });
}

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
    error: (issue) => `unknown event type '${String(issue.input)}' (the catalog is in the events README)`,
  });

/** `--project` and `--project-key`, shared by every command's schema. */
export const commonShape = {
  project: z.string().min(1, 'expected a directory').optional(),
  'project-key': z.string().min(1, 'expected a project key').optional(),
  help: z.boolean().optional(),
};
