import { eventsTable, inTurn, type FleetDB } from '@fleettools/db';
import { and, desc, eq, gt, gte, sql } from 'drizzle-orm';

/** The most events the timeline reads (the newest of the window); a busier hour shows its latest part. */
export const TIMELINE_MAX_EVENTS = 20_000;

/** One event as the timeline needs it. */
export interface TimelinePoint {
  readonly type: string;
  readonly timestamp: string;
  readonly callsign: string | null;
}

/**
 * The events since `sinceIso`, newest first, at most {@link TIMELINE_MAX_EVENTS}: only the newest that many
 * sequences are looked at (through the `(project_key, sequence)` index), never the whole hour of a busy log.
 */
export async function readTimeline(
  db: FleetDB,
  projectKey: string,
  sinceIso: string,
  latestSequence: number,
): Promise<TimelinePoint[]> {
  return inTurn(db, () =>
    db
      .select({
        type: eventsTable.type,
        timestamp: eventsTable.timestamp,
        callsign: sql<string | null>`json_extract(${eventsTable.data}, '$.callsign')`,
      })
      .from(eventsTable)
      .where(
        and(
          eq(eventsTable.project_key, projectKey),
          gt(eventsTable.sequence, latestSequence - TIMELINE_MAX_EVENTS),
          gte(eventsTable.timestamp, sinceIso),
        ),
      )
      .orderBy(desc(eventsTable.sequence))
      .limit(TIMELINE_MAX_EVENTS),
  );
}
