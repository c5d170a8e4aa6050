import { parseProjectKey } from '@fleettools/core';
import type { FleetDB } from '@fleettools/db';
import type { Transaction } from '@libsql/client';

import { projectionStatements } from './projections/index.js';
import { PROJECTION_TABLES } from './projections/statement.js';
import { StoreBusyError, StoreWriteError } from './store/errors.js';
import { EVENT_COLUMNS, eventFromRow } from './store/event-rows.js';
import { isBusy } from './write/driver-errors.js';
import { writeQueueOf } from './write/write-queue.js';

/** Where a replay stands, reported after each chunk. */
export interface ReplayProgress {
  /** Events folded so far. */
  readonly replayed: number;
  /** Events the project had when the replay began. */
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
}

/** What a replay did. */
export interface ReplayResult {
  /** Events folded. */
  readonly events: number;
  /** Chunks read. */
  readonly chunks: number;
  /** Wall time, in milliseconds. */
  readonly durationMs: number;
}

const DEFAULT_CHUNK_SIZE = 10_000;

/**
 * Rebuilds every projection of a project from its events: clears the project's rows in every projection
 * table, then folds the events in sequence order, a chunk at a time, with the very projectors live appends
 * use. It runs as one write transaction: readers see the old projections until it commits, never a half-built
 * state, and no append can slip in between two chunks. Idempotent: running it twice gives the same tables.
 *
 * @throws {StoreBusyError} other writers held the database past the busy timeout; nothing changed.
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
    let transaction: Transaction;
    try {
      transaction = await client.transaction('write');
    } catch (error) {
      throw isBusy(error) ? new StoreBusyError('replayEvents', error) : new StoreWriteError(error);
    }
    try {
      await transaction.batch(
        PROJECTION_TABLES.map((table) => ({
          sql: `DELETE FROM ${table} WHERE project_key = ?`,
          args: [projectKey],
        })),
      );
      const totalRows = await transaction.execute({
        sql: 'SELECT COUNT(*) AS n FROM events WHERE project_key = ?',
        args: [projectKey],
      });
      const total = Number(totalRows.rows[0]?.n ?? 0);
      let replayed = 0;
      let chunks = 0;
      let after = 0;
      for (;;) {
        const page = await transaction.execute({
          sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
          args: [projectKey, after, chunkSize],
        });
        if (page.rows.length === 0) break;
        const events = page.rows.map(eventFromRow);
        const statements = events.flatMap((event) => projectionStatements(event));
        if (statements.length > 0) await transaction.batch(statements);
        replayed += events.length;
        chunks += 1;
        after = events[events.length - 1]?.sequence ?? after;
        options.onProgress?.({ replayed, total });
      }
      await transaction.commit();
      return { events: replayed, chunks, durationMs: performance.now() - started };
    } finally {
      // Without a commit, closing rolls everything back: an error (even one thrown by onProgress) changes nothing.
      transaction.close();
    }
  });
}
