import { parseProjectKey } from '@fleettools/core';
import type { FleetDB } from '@fleettools/db';
import type { Value } from '@libsql/client';

import {
  readSegment,
  segmentsAfter,
  sequenceOf,
  storedRowOf,
  type ArchivedRow,
} from './compaction/segment.js';
import { projectionStatements } from './projections/index.js';
import { PROJECTION_TABLES } from './projections/statement.js';
import { withoutSupersededWrites } from './projections/superseded.js';
import { restoreStatements } from './snapshots/codec.js';
import { latestValidSnapshot } from './snapshots/store.js';
import { EVENT_COLUMNS, eventFromRowWith, eventFromValuesWith } from './store/event-rows.js';
import type { FleetEvent } from './types/index.js';
import { defaultUpcasters, type UpcasterRegistry } from './upcasting/registry.js';
import { writeFailure } from './write/driver-errors.js';
import { beginRebuild, type RebuildTransaction } from './write/rebuild-transaction.js';
import { writeQueueOf } from './write/write-queue.js';

/** Where a replay stands, reported after each chunk. */
export interface ReplayProgress {
  /** Events folded so far. */
  readonly replayed: number;
  /** Events this replay folds: the whole log, or the events after the snapshot it started from. */
  readonly total: number;
}

/** Options of {@link replayEvents}. */
export interface ReplayOptions {
  /** The project whose projections to rebuild. */
  readonly projectKey: string;
  /** Events read and folded per chunk (default 10,000). */
  readonly chunkSize?: number;
  /** Called after each chunk. */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /**
   * Start from the newest valid snapshot (default `true`); `false` folds the whole log (live and archived)
   * from an empty state.
   */
  readonly useSnapshot?: boolean;
  /** Upcasters for events stored at older schema versions (default: this release's). */
  readonly upcasters?: UpcasterRegistry;
}

/** What a replay did. */
export interface ReplayResult {
  /** Events folded (after the snapshot, when it started from one). */
  readonly events: number;
  /** The sequence of the snapshot it started from; `null` when it folded the whole log. */
  readonly fromSnapshot: number | null;
  /** How many of the folded events were read from the archive. */
  readonly archived: number;
  /** Chunks read. */
  readonly chunks: number;
  /** Wall time, in milliseconds. */
  readonly durationMs: number;
}

const DEFAULT_CHUNK_SIZE = 10_000;

/**
 * Rebuilds every projection of a project from its events: clears the project's rows in every projection
 * table, restores the newest valid snapshot (right projection schema version, checksum intact; others are
 * ignored), then folds the events after it in sequence order, a chunk at a time, with the very projectors
 * live appends use (leaving out, within a chunk, the overwrites a later one supersedes: see
 * {@link withoutSupersededWrites}); without a valid snapshot it folds the whole log, archived events included
 * (merged with the live ones by sequence). The result equals a full replay. It runs as one write transaction: readers see
 * the old projections until it commits, never a half-built state, and no append can slip in between two
 * chunks. Idempotent: running it twice gives the same tables.
 *
 * @throws {StoreBusyError} other writers held the database past the busy timeout; nothing changed.
 * @throws {StoreWriteError} any other failure of the database; nothing changed.
 * @throws whatever `onProgress` throws, after rolling everything back.
 * @example const { events } = await replayEvents(db, { projectKey: '/test/project' });
 */
export async function replayEvents(db: FleetDB, options: ReplayOptions): Promise<ReplayResult> {
  const projectKey = parseProjectKey(options.projectKey);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`replayEvents: chunkSize must be a positive integer, got ${String(chunkSize)}`);
  }
  const client = db.$client;
  const started = performance.now();
  return writeQueueOf(client).run(async () => {
    try {
      const transaction = await beginRebuild(db);
      try {
        const result = await rebuild(transaction, projectKey, chunkSize, options);
        await transaction.commit();
        return { ...result, durationMs: performance.now() - started };
      } finally {
        // Without a commit, closing rolls everything back: an error (even one thrown by onProgress) changes
        // nothing.
        transaction.close();
      }
    } catch (error) {
      throw writeFailure('replayEvents', error);
    }
  });
}

/** Where a replay starts and what it will fold, read inside its transaction. */
async function rebuild(
  transaction: RebuildTransaction,
  projectKey: string,
  chunkSize: number,
  options: ReplayOptions,
): Promise<Omit<ReplayResult, 'durationMs'>> {
  await clearProjections(transaction, projectKey);
  const snapshot =
    options.useSnapshot === false ? undefined : await latestValidSnapshot(transaction, projectKey);
  if (snapshot !== undefined) {
    await transaction.run(restoreStatements(snapshot));
  }
  const start = snapshot?.sequence ?? 0;
  const folder = new Folder(
    transaction,
    chunkSize,
    options.upcasters ?? defaultUpcasters,
    options.onProgress,
  );
  const segments = await segmentsAfter(transaction, projectKey, start);
  const liveCount = await transaction.execute({
    sql: 'SELECT COUNT(*) AS n FROM events WHERE project_key = ? AND sequence > ?',
    args: [projectKey, start],
  });
  // Segments are read one at a time below; only one that straddles the start is read twice (to count it).
  let archivedTotal = 0;
  for (const segment of segments) {
    archivedTotal +=
      segment.firstSequence > start
        ? segment.count
        : (await readSegment(transaction, projectKey, segment)).filter((row) => sequenceOf(row) > start)
            .length;
  }
  folder.total = Number(liveCount.rows[0]?.n ?? 0) + archivedTotal;

  let after = start;
  for (const segment of segments) {
    // Live events before the segment, then the segment merged with the stream heads left live inside it.
    await folder.foldLive(projectKey, after, segment.firstSequence - 1);
    const archived = (await readSegment(transaction, projectKey, segment)).filter(
      (row) => sequenceOf(row) > after,
    );
    await folder.foldMerged(
      projectKey,
      archived,
      Math.max(after, segment.firstSequence - 1),
      segment.lastSequence,
    );
    after = segment.lastSequence;
  }
  await folder.foldLive(projectKey, after, Number.MAX_SAFE_INTEGER);
  return {
    events: folder.replayed,
    chunks: folder.chunks,
    fromSnapshot: snapshot?.sequence ?? null,
    archived: folder.archived,
  };
}

/**
 * Deletes the project's rows from every projection table. A table that holds no other project's rows is
 * emptied whole, which SQLite does page by page instead of row by row with its indexes (about 15× faster on
 * a 100,000-event project).
 */
async function clearProjections(transaction: RebuildTransaction, projectKey: string): Promise<void> {
  const shared = await transaction.batch(
    PROJECTION_TABLES.map((table) => ({
      sql: `SELECT EXISTS (SELECT 1 FROM ${table} WHERE project_key <> ?) AS shared`,
      args: [projectKey],
    })),
  );
  await transaction.run(
    PROJECTION_TABLES.map((table, i) =>
      Number(shared[i]?.rows[0]?.shared) === 1
        ? { sql: `DELETE FROM ${table} WHERE project_key = ?`, args: [projectKey] }
        : { sql: `DELETE FROM ${table}`, args: [] },
    ),
  );
}

/** Folds events into the projections inside the replay's transaction, a chunk at a time, counting. */
class Folder {
  replayed = 0;
  chunks = 0;
  archived = 0;
  total = 0;

  constructor(
    private readonly transaction: RebuildTransaction,
    private readonly chunkSize: number,
    private readonly upcasters: UpcasterRegistry,
    private readonly onProgress: ((progress: ReplayProgress) => void) | undefined,
  ) {}

  /** Folds the live events with `after < sequence <= upTo`, a page at a time. */
  async foldLive(projectKey: string, after: number, upTo: number): Promise<void> {
    let from = after;
    for (;;) {
      const rows = await this.#live(projectKey, from, upTo, this.chunkSize);
      if (rows.length === 0) return;
      const events = rows.map((row) => eventFromValuesWith(row, this.upcasters));
      await this.#fold(events);
      from = events[events.length - 1]?.sequence ?? upTo;
    }
  }

  /** Folds archived rows merged by sequence with the live events with `after < sequence <= upTo`. */
  async foldMerged(
    projectKey: string,
    archived: readonly ArchivedRow[],
    after: number,
    upTo: number,
  ): Promise<void> {
    const live = await this.#live(projectKey, after, upTo, -1);
    const events = [
      ...archived.map((row) => eventFromRowWith(storedRowOf(row), this.upcasters)),
      ...live.map((row) => eventFromValuesWith(row, this.upcasters)),
    ].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
    this.archived += archived.length;
    for (let at = 0; at < events.length; at += this.chunkSize) {
      await this.#fold(events.slice(at, at + this.chunkSize));
    }
  }

  #live(
    projectKey: string,
    after: number,
    upTo: number,
    limit: number,
  ): Promise<readonly (readonly Value[])[]> {
    return this.transaction.values({
      sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? AND sequence > ? AND sequence <= ? ORDER BY sequence LIMIT ?`,
      args: [projectKey, after, upTo, limit],
    });
  }

  async #fold(events: readonly FleetEvent[]): Promise<void> {
    await this.transaction.run(
      withoutSupersededWrites(events.flatMap((event) => projectionStatements(event))),
    );
    this.replayed += events.length;
    this.chunks += 1;
    this.onProgress?.({ replayed: this.replayed, total: this.total });
  }
}
