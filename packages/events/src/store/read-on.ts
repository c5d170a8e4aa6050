import { CursorCompactedError } from '../errors.js';
import type { QueryEventsOptions } from '../log/query-options.js';
import type { EventStore } from './event-store.js';
import type { FleetEvent } from '../types/index.js';

/**
 * The events after a cursor, read on through the archive when the cursor fell behind a compaction: the live log
 * alone first (the common, cheaper read); when the store says the cursor points into compacted history, the
 * same page with `include_archived`. A follower behind a compaction reads on, in order, with no gap and no error
 * to loop on; once past the archived range, its reads are live-only again.
 */
export async function readOn(store: EventStore, options: QueryEventsOptions): Promise<FleetEvent[]> {
  try {
    return await store.query(options);
  } catch (error) {
    if (!(error instanceof CursorCompactedError)) throw error;
    return store.query({ ...options, include_archived: true });
  }
}
