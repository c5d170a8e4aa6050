import { parseIso } from '@fleettools/core';
import { eventsTable, inTurn, type FleetDB } from '@fleettools/db';
import { EVENT_TYPES } from '@fleettools/events';
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';

/** How many events one page of the log shows. */
export const LOG_PAGE = 50;

const Instant = z.string().transform((text, ctx) => {
  try {
    return parseIso(text).toISOString();
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time with a zone, got '${text}'` });
    return z.NEVER;
  }
});

/** The log's filters as the page's query string gives them (every one optional; empty fields are absent). */
export const LogFiltersSchema = z.strictObject({
  /** Only these event types. */
  type: z.array(z.enum(EVENT_TYPES)).default([]),
  /** Only this stream, e.g. `sortie:sortie-abc123`. */
  stream: z
    .string()
    .regex(/^[a-z_]+:.+$/, 'expected <kind>:<value>, e.g. pilot:viper-1')
    .optional(),
  /** Only events whose `callsign` is this pilot. */
  pilot: z.string().min(1).max(64).optional(),
  /** Only events at or after this instant. */
  since: Instant.optional(),
  /** Only events before this instant. */
  until: Instant.optional(),
  /** Only events with a smaller sequence: the next (older) page. */
  before: z.coerce.number().int().min(1).optional(),
});

/** The parsed filters of the log. */
export type LogFilters = z.output<typeof LogFiltersSchema>;

/** One stored event as the log shows it: its place, type, stream, pilot and its fields as stored. */
export interface LogEntry {
  readonly sequence: number;
  readonly id: string;
  readonly type: string;
  readonly stream_id: string;
  readonly timestamp: string;
  readonly callsign: string | null;
  /** The event's own fields as stored (the `data` column, parsed). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** One page of the log, newest first, and the sequence the next (older) page starts before, if any. */
export interface LogPage {
  readonly entries: LogEntry[];
  readonly olderBefore: number | null;
}

/**
 * One page of the live log, newest first, through the `(project_key, sequence)` index: it never reads more
 * than the page (plus what the filters skip). `pilot` matches the events' `callsign` field.
 */
export async function readLogPage(db: FleetDB, projectKey: string, filters: LogFilters): Promise<LogPage> {
  const conditions: SQL[] = [eq(eventsTable.project_key, projectKey)];
  if (filters.type.length > 0) conditions.push(inArray(eventsTable.type, filters.type));
  if (filters.stream !== undefined) conditions.push(eq(eventsTable.stream_id, filters.stream));
  if (filters.pilot !== undefined)
    conditions.push(sql`json_extract(${eventsTable.data}, '$.callsign') = ${filters.pilot}`);
  if (filters.since !== undefined) conditions.push(gte(eventsTable.timestamp, filters.since));
  if (filters.until !== undefined) conditions.push(lt(eventsTable.timestamp, filters.until));
  if (filters.before !== undefined) conditions.push(lt(eventsTable.sequence, filters.before));
  const rows = await inTurn(db, () =>
    db
      .select({
        sequence: eventsTable.sequence,
        id: eventsTable.id,
        type: eventsTable.type,
        stream_id: eventsTable.stream_id,
        timestamp: eventsTable.timestamp,
        data: eventsTable.data,
      })
      .from(eventsTable)
      .where(and(...conditions))
      .orderBy(desc(eventsTable.sequence))
      .limit(LOG_PAGE + 1),
  );
  const entries = rows.slice(0, LOG_PAGE).map((row) => {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const callsign = typeof data['callsign'] === 'string' ? data['callsign'] : null;
    return { ...row, data, callsign };
  });
  return { entries, olderBefore: rows.length > LOG_PAGE ? (entries.at(-1)?.sequence ?? null) : null };
}
