import { parseProjectKey } from '@fleettools/core';
import type { FleetDB, SqlConnection } from '@fleettools/db';

import { StoreWriteError, writeFailure } from '../errors.js';
import {
  assertStorable,
  assertStored,
  captureContent,
  encodeSnapshot,
  pruneSnapshotsStatement,
  storeSnapshotStatement,
} from './store.js';

/** Options of {@link takeSnapshot}. */
export interface TakeSnapshotOptions {
  /** The project to snapshot. */
  readonly projectKey: string;
}

/** What {@link takeSnapshot} stored. */
export interface SnapshotInfo {
  /** The project. */
  readonly projectKey: string;
  /** The sequence the snapshot's state is as of (the project's newest event when it was read). */
  readonly sequence: number;
  /** Projection rows it holds, over all tables. */
  readonly rowCount: number;
  /** Size of its payload, in bytes of JSON text. */
  readonly bytes: number;
  /** SHA-256 (hex) of its payload. */
  readonly checksum: string;
  /** How long the read transaction held the database's connection, in ms (this process's appends wait that long). */
  readonly readMs: number;
  /** Wall time of the whole snapshot, in ms. */
  readonly durationMs: number;
}

/**
 * Takes a snapshot of a project's projections now: every projection table's rows for the project and the
 * newest sequence are read in ONE read transaction (WAL gives it a consistent view, so rows and sequence
 * agree), serialised and checksummed outside any transaction, then stored in a short write. This process's
 * appends wait only for the read; other processes' appends never wait (readers do not block the writer).
 * Keeps the newest three snapshots of the project. Returns `null` for a project with no events.
 *
 * @throws {SnapshotNotStoredError} the snapshot is too large for one SQLite value, or was not found whole after
 *   its write (nothing is reported stored that is not).
 * @throws {StoreBusyError} other writers held the lock past the busy timeout while storing it.
 * @throws {StoreWriteError} the read or the write failed.
 * @example const info = await takeSnapshot(db, { projectKey: '/test/project' });
 */
export async function takeSnapshot(db: FleetDB, options: TakeSnapshotOptions): Promise<SnapshotInfo | null> {
  return takeSnapshotOn(db.$client, parseProjectKey(options.projectKey));
}

/** {@link takeSnapshot} on a database's connection. */
export async function takeSnapshotOn(
  connection: SqlConnection,
  projectKey: string,
): Promise<SnapshotInfo | null> {
  const started = performance.now();
  let readMs = 0;
  let content: Awaited<ReturnType<typeof captureContent>>;
  try {
    content = await connection.transaction('read', async (tx) => {
      const readStarted = performance.now();
      try {
        return await captureContent(tx, projectKey);
      } finally {
        readMs = performance.now() - readStarted;
      }
    });
  } catch (error) {
    throw new StoreWriteError(error);
  }
  if (content === undefined) return null;
  const snapshot = encodeSnapshot(content);
  const bytes = Buffer.byteLength(snapshot.payload);
  assertStorable(projectKey, content.sequence, bytes);
  try {
    await connection.transaction('write', async (tx) => {
      await tx.run(storeSnapshotStatement(snapshot));
      await assertStored(tx, snapshot, bytes);
      await tx.run(pruneSnapshotsStatement(projectKey));
    });
  } catch (error) {
    throw writeFailure('takeSnapshot', error);
  }
  return {
    projectKey,
    sequence: content.sequence,
    rowCount: snapshot.rowCount,
    bytes,
    checksum: snapshot.checksum,
    readMs,
    durationMs: performance.now() - started,
  };
}
