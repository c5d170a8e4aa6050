import type { SqlRunner } from '@fleettools/db';
import type { z } from 'zod';

import { CursorCompactedError } from '../errors.js';
import type { FleetEvent } from '../types/index.js';
import { defaultUpcasters, type UpcasterRegistry } from '../upcasting/registry.js';
import { eventFromValues } from './event-rows.js';
import { whereClause, type EventFiltersSchema } from './query-options.js';
import {
  archivedColumnAt,
  decodeSegment,
  eventFromArchived,
  segmentHeaderOf,
  sequenceOf,
  type ArchivedRow,
  type SegmentHeader,
} from './segment.js';
import {
  archivedCountStatement,
  compactedBeforeStatement,
  countEventsStatement,
  latestSequenceStatement,
  liveCountAfterStatement,
  liveEventsStatement,
  liveRangeStatement,
  segmentPayloadStatement,
  segmentsAfterStatement,
} from './statements.js';

type Filters = z.output<typeof EventFiltersSchema>;

/** One step of a full read of the log: events in sequence order, and how many came from the archive. */
export interface LogChunk {
  readonly events: readonly FleetEvent[];
  readonly archived: number;
}

const TYPE = archivedColumnAt('type');
const STREAM_ID = archivedColumnAt('stream_id');
const TIMESTAMP = archivedColumnAt('timestamp');

/**
 * The one reader of a project's log, live and archived events merged by sequence. Give it a runner of ONE
 * transaction (a read transaction for `query` and `count`, replay's or compaction's write transaction): it
 * then sees one state of the file, where each event is either live or archived, never both nor neither,
 * whatever compaction (in any process) does meanwhile.
 */
export class LogReader {
  readonly #runner: SqlRunner;
  readonly #projectKey: string;
  readonly #upcasters: UpcasterRegistry;
  /** The last segment decoded (replay counts a segment that straddles its start, then folds it). */
  #decoded: { readonly first: number; readonly rows: ArchivedRow[] } | undefined;

  /** A reader of `projectKey`'s log through `runner`. */
  constructor(runner: SqlRunner, projectKey: string, upcasters: UpcasterRegistry = defaultUpcasters) {
    this.#runner = runner;
    this.#projectKey = projectKey;
    this.#upcasters = upcasters;
  }

  /**
   * The events passing `filters`, by sequence in `order`, at most `limit`. Without `include_archived`, only
   * live events, and a cursor (`after_sequence`) pointing into compacted history is refused.
   *
   * @throws {CursorCompactedError} the cursor points into compacted history and archived events are not asked for.
   * @throws {ArchiveVerificationError} an archive segment fails its checks.
   */
  async events(filters: Filters, order: 'asc' | 'desc', limit: number | undefined): Promise<FleetEvent[]> {
    const statement = liveEventsStatement(whereClause(this.#projectKey, filters), {
      byStream: filters.stream_id !== undefined,
      order,
      limit,
    });
    const live = (await this.#runner.values(statement)).map((row) => eventFromValues(row, this.#upcasters));
    if (filters.include_archived !== true) {
      await this.#assertCursorLive(filters);
      return live;
    }
    const archived = (await this.#archivedRows(filters, { order, limit, live })).map((row) =>
      eventFromArchived(row, this.#upcasters),
    );
    const direction = order === 'asc' ? 1 : -1;
    const merged = [...archived, ...live].sort((a, b) => direction * ((a.sequence ?? 0) - (b.sequence ?? 0)));
    return limit === undefined ? merged : merged.slice(0, limit);
  }

  /**
   * How many events pass `filters` (the same rules as {@link events}). Without a filter on type, stream or
   * time the answer is arithmetic, whatever the length of the log: sequences are gap-free and the newest event
   * is always live (compaction leaves each stream's newest event), so the project holds exactly its newest
   * sequence of events, archived ones included; a cursor past the compaction watermark sees only live events;
   * and the live ones are the rest once the archive's counts are taken away.
   */
  async count(filters: Filters): Promise<number> {
    if (!filtersEvents(filters)) return this.#countBySequence(filters);
    const row = await this.#runner.get(countEventsStatement(whereClause(this.#projectKey, filters)));
    const live = Number(row?.['n'] ?? 0);
    if (filters.include_archived !== true) {
      await this.#assertCursorLive(filters);
      return live;
    }
    return live + (await this.#archivedRows(filters)).length;
  }

  /** {@link count} of the events after a cursor (or all), by sequence arithmetic. */
  async #countBySequence(filters: Filters): Promise<number> {
    const latest = Number(
      (await this.#runner.get(latestSequenceStatement(this.#projectKey)))?.['latest'] ?? 0,
    );
    const after = filters.after_sequence ?? 0;
    const all = Math.max(0, latest - after);
    if (filters.include_archived === true) return all;
    if (filters.after_sequence !== undefined) {
      await this.#assertCursorLive(filters);
      return all; // past the watermark: nothing after the cursor is archived
    }
    const archived = (await this.#runner.get(archivedCountStatement(this.#projectKey)))?.['n'];
    return all - Number(archived ?? 0);
  }

  /** How many events, live and archived, come after `after`. */
  async countAfter(after: number): Promise<number> {
    const live = Number(
      (await this.#runner.get(liveCountAfterStatement(this.#projectKey, after)))?.['n'] ?? 0,
    );
    let archived = 0;
    for (const header of await this.segmentsAfter(after)) {
      archived +=
        header.firstSequence > after
          ? header.count
          : (await this.segment(header)).filter((row) => sequenceOf(row) > after).length;
    }
    return live + archived;
  }

  /**
   * Every event after `after`, live and archived, in sequence order, in chunks of at most `chunkSize`: the
   * live events before each archive segment, then the segment merged with the stream heads compaction left
   * live inside its range, then the live events after the last one.
   */
  async *chunks(after: number, chunkSize: number): AsyncGenerator<LogChunk> {
    let from = after;
    for (const header of await this.segmentsAfter(after)) {
      yield* this.#liveChunks(from, header.firstSequence - 1, chunkSize);
      const archived = (await this.segment(header)).filter((row) => sequenceOf(row) > from);
      const live = await this.#live(Math.max(from, header.firstSequence - 1), header.lastSequence, -1);
      const merged = [
        ...archived.map((row) => ({ event: eventFromArchived(row, this.#upcasters), archived: true })),
        ...live.map((event) => ({ event, archived: false })),
      ].sort((a, b) => (a.event.sequence ?? 0) - (b.event.sequence ?? 0));
      for (let at = 0; at < merged.length; at += chunkSize) {
        const chunk = merged.slice(at, at + chunkSize);
        yield {
          events: chunk.map(({ event }) => event),
          archived: chunk.filter((entry) => entry.archived).length,
        };
      }
      from = header.lastSequence;
    }
    yield* this.#liveChunks(from, Number.MAX_SAFE_INTEGER, chunkSize);
  }

  /** The sequence below which events may be archived (0 when nothing was ever compacted). */
  async compactedBefore(): Promise<number> {
    return Number((await this.#runner.get(compactedBeforeStatement(this.#projectKey)))?.['before'] ?? 0);
  }

  /** The headers of the segments holding events after `after`, by range. */
  async segmentsAfter(after: number): Promise<SegmentHeader[]> {
    return (await this.#runner.all(segmentsAfterStatement(this.#projectKey, after))).map(segmentHeaderOf);
  }

  /**
   * One segment's rows, read and verified against its header (compaction reads back each segment it writes).
   *
   * @throws {ArchiveVerificationError} the payload does not decompress, or fails its checksum or count.
   */
  async segment(header: SegmentHeader): Promise<ArchivedRow[]> {
    if (this.#decoded?.first === header.firstSequence) return this.#decoded.rows;
    const row = await this.#runner.get(segmentPayloadStatement(this.#projectKey, header.firstSequence));
    const rows = decodeSegment(this.#projectKey, header, row?.['payload'] ?? null);
    this.#decoded = { first: header.firstSequence, rows };
    return rows;
  }

  async *#liveChunks(after: number, upTo: number, chunkSize: number): AsyncGenerator<LogChunk> {
    let from = after;
    for (;;) {
      const events = await this.#live(from, upTo, chunkSize);
      if (events.length === 0) return;
      yield { events, archived: 0 };
      from = events.at(-1)?.sequence ?? upTo;
    }
  }

  async #live(after: number, upTo: number, limit: number): Promise<FleetEvent[]> {
    const rows = await this.#runner.values(liveRangeStatement(this.#projectKey, after, upTo, limit));
    return rows.map((row) => eventFromValues(row, this.#upcasters));
  }

  /**
   * The archived rows of the project that pass the filters. With a `page` (an order, a limit and the live
   * events already read), segments are read from the page's end inwards (newest first for `desc`) and the
   * walk stops at the first segment wholly past the `limit`-th event found so far, live or archived: the
   * newest 10 events of a long history decode one segment, not all of them. Without one, every segment.
   */
  async #archivedRows(
    filters: Filters,
    page?: {
      readonly order: 'asc' | 'desc';
      readonly limit: number | undefined;
      readonly live: readonly FleetEvent[];
    },
  ): Promise<ArchivedRow[]> {
    const rows: ArchivedRow[] = [];
    const headers = await this.segmentsAfter(filters.after_sequence ?? 0);
    const desc = page?.order === 'desc';
    if (desc) headers.reverse();
    for (const header of headers) {
      const bound = page?.limit === undefined ? undefined : pageBound(rows, page.live, page.limit, desc);
      if (bound !== undefined && (desc ? header.lastSequence < bound : header.firstSequence > bound)) break;
      for (const row of await this.segment(header)) if (rowMatches(row, filters)) rows.push(row);
    }
    return rows;
  }

  /** Refuses a cursor (`after_sequence`) below which some event was archived. */
  async #assertCursorLive(filters: Filters): Promise<void> {
    if (filters.after_sequence === undefined) return;
    const compactedBefore = await this.compactedBefore();
    if (filters.after_sequence + 1 < compactedBefore) {
      throw new CursorCompactedError(this.#projectKey, filters.after_sequence, compactedBefore);
    }
  }
}

/**
 * The sequence of the `limit`-th event of a page among those found so far (archived rows and live events), in
 * the page's order; `undefined` while fewer than `limit` were found. A segment wholly past it holds nothing the
 * page keeps.
 */
function pageBound(
  rows: readonly ArchivedRow[],
  live: readonly FleetEvent[],
  limit: number,
  desc: boolean,
): number | undefined {
  if (rows.length + live.length < limit) return undefined;
  const sequences = [...rows.map(sequenceOf), ...live.map((event) => event.sequence ?? 0)].sort((a, b) =>
    desc ? b - a : a - b,
  );
  return sequences[limit - 1];
}

/** Whether `filters` pick events by type, stream or time (not only by sequence). */
function filtersEvents(filters: Filters): boolean {
  return (
    filters.types !== undefined ||
    filters.stream_id !== undefined ||
    filters.since !== undefined ||
    filters.until !== undefined
  );
}

/** True when an archived row passes the filters (the same ones `whereClause` turns into SQL). */
function rowMatches(row: ArchivedRow, filters: Filters): boolean {
  const type = row[TYPE];
  const timestamp = String(row[TIMESTAMP]);
  if (filters.types !== undefined && !filters.types.some((wanted) => wanted === type)) return false;
  if (filters.stream_id !== undefined && row[STREAM_ID] !== filters.stream_id) return false;
  if (filters.since !== undefined && timestamp < filters.since) return false;
  if (filters.until !== undefined && timestamp >= filters.until) return false;
  return filters.after_sequence === undefined || sequenceOf(row) > filters.after_sequence;
}
