import { isProjectKey, parseIso } from '@fleettools/core';
import type { SqlValue } from '@fleettools/db';
import { z } from 'zod';

import { EVENT_TYPES } from '../types/index.js';
import { OptionsValidationError } from '../errors.js';

/** An instant in any ISO 8601 form `parseIso` accepts, turned into the canonical stored form. */
const InstantField = z.string().transform((value, ctx) => {
  try {
    return parseIso(value).toISOString();
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'expected an ISO 8601 date-time such as 2025-01-09T14:30:00.000Z',
    });
    return z.NEVER;
  }
});

/** A stream id as stored: `<kind>:<value>`. */
export const StreamIdField = z.string().min(3).max(2048);

/** Filters shared by `query` and `count`. */
const FilterShape = {
  /** Only these event types. */
  types: z.array(z.enum(EVENT_TYPES)).min(1).optional(),
  /** Only this stream, as stored: `<kind>:<value>`, e.g. `sortie:sortie-abc123`. */
  stream_id: StreamIdField.optional(),
  /** Only events whose timestamp is at or after this instant. */
  since: InstantField.optional(),
  /** Only events whose timestamp is before this instant. */
  until: InstantField.optional(),
  /** Only events with a sequence greater than this one (cursor-style paging). */
  after_sequence: z.int().min(0).optional(),
  /**
   * Also read events compaction moved to the archive (default false: live events only, and a cursor
   * `after_sequence` pointing into compacted history is a `CursorCompactedError`).
   */
  include_archived: z.boolean().optional(),
};

/** The filters `count` takes besides the project key. */
export const EventFiltersSchema = z.strictObject(FilterShape);

/** The options `query` takes. */
export const QueryEventsOptionsSchema = z.strictObject({
  /** The project whose events to read (required: reads never cross projects). */
  project_key: z
    .string()
    .refine(isProjectKey, 'expected a project key: 1 to 1024 characters, no control characters'),
  ...FilterShape,
  /** At most this many events (1–100,000); all matching events when absent. */
  limit: z.int().min(1).max(100_000).optional(),
  /** By sequence: `asc` (default, oldest first) or `desc` (newest first). */
  order: z.enum(['asc', 'desc']).default('asc'),
});

/** Options of `EventStore.query`. */
export type QueryEventsOptions = z.input<typeof QueryEventsOptionsSchema>;
/** Filters of `EventStore.count`. */
export type EventFilters = z.input<typeof EventFiltersSchema>;
/** The parsed filters that decide whether a cursor reaches into compacted history. */
export type CursorFilters = Pick<z.output<typeof EventFiltersSchema>, 'after_sequence' | 'include_archived'>;

/** Parses a method's options at the boundary, turning Zod's issues into an {@link OptionsValidationError}. */
export function parseOptions<S extends z.ZodType>(operation: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new OptionsValidationError(
    operation,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/** A WHERE clause (always scoped by project) and its arguments. */
export interface WhereClause {
  readonly sql: string;
  readonly args: SqlValue[];
}

/** The WHERE clause selecting a project's events that pass the filters. */
export function whereClause(projectKey: string, filters: z.output<typeof EventFiltersSchema>): WhereClause {
  const conditions = ['project_key = ?'];
  const args: SqlValue[] = [projectKey];
  if (filters.types !== undefined) {
    conditions.push(`type IN (${filters.types.map(() => '?').join(', ')})`);
    args.push(...filters.types);
  }
  if (filters.stream_id !== undefined) {
    conditions.push('stream_id = ?');
    args.push(filters.stream_id);
  }
  if (filters.since !== undefined) {
    conditions.push('timestamp >= ?');
    args.push(filters.since);
  }
  if (filters.until !== undefined) {
    conditions.push('timestamp < ?');
    args.push(filters.until);
  }
  if (filters.after_sequence !== undefined) {
    conditions.push('sequence > ?');
    args.push(filters.after_sequence);
  }
  return { sql: conditions.join(' AND '), args };
}
