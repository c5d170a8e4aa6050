import type { z } from 'zod';

import type { Executor } from '../snapshots/store.js';
import { eventFromRow } from '../store/event-rows.js';
import type { EventFiltersSchema } from '../store/query-options.js';
import type { FleetEvent } from '../types/index.js';
import { CursorCompactedError } from './errors.js';
import {
  archivedColumnAt,
  readSegment,
  segmentsAfter,
  sequenceOf,
  storedRowOf,
  type ArchivedRow,
} from './segment.js';

type Filters = z.output<typeof EventFiltersSchema>;

const TYPE = archivedColumnAt('type');
const STREAM_ID = archivedColumnAt('stream_id');
const TIMESTAMP = archivedColumnAt('timestamp');

/** True when an archived row passes the filters (the same ones `whereClause` turns into SQL). */
function rowMatches(row: ArchivedRow, filters: Filters): boolean {
  const type = row[TYPE];
  const timestamp = row[TIMESTAMP] as string;
  if (filters.types !== undefined && !filters.types.some((wanted) => wanted === type)) return false;
  if (filters.stream_id !== undefined && row[STREAM_ID] !== filters.stream_id) return false;
  if (filters.since !== undefined && timestamp < filters.since) return false;
  if (filters.until !== undefined && timestamp >= filters.until) return false;
  return filters.after_sequence === undefined || sequenceOf(row) > filters.after_sequence;
}

/** Every archived event of the project that passes the filters, by sequence. */
export async function archivedEvents(
  executor: Executor,
  projectKey: string,
  filters: Filters,
): Promise<FleetEvent[]> {
  const events: FleetEvent[] = [];
  for (const header of await segmentsAfter(executor, projectKey, filters.after_sequence ?? 0)) {
    for (const row of await readSegment(executor, projectKey, header)) {
      if (rowMatches(row, filters)) events.push(eventFromRow(storedRowOf(row)));
    }
  }
  return events;
}

/** Live and archived events together, by sequence in the given order, at most `limit` of them. */
export function mergeEvents(
  live: readonly FleetEvent[],
  archived: readonly FleetEvent[],
  order: 'asc' | 'desc',
  limit: number | undefined,
): FleetEvent[] {
  const direction = order === 'asc' ? 1 : -1;
  // An event compacted between the live read and the archive read is in both: keep it once.
  const bySequence = new Map([...archived, ...live].map((event) => [event.sequence, event]));
  const merged = [...bySequence.values()].sort((a, b) => direction * ((a.sequence ?? 0) - (b.sequence ?? 0)));
  return limit === undefined ? merged : merged.slice(0, limit);
}

/**
 * Throws {@link CursorCompactedError} when `afterSequence` points into compacted history: some event after
 * it was archived (it lies below `compactedBefore`, the project's compaction watermark).
 */
export function assertCursorLive(projectKey: string, afterSequence: number, compactedBefore: number): void {
  if (afterSequence + 1 < compactedBefore) {
    throw new CursorCompactedError(projectKey, afterSequence, compactedBefore);
  }
}
