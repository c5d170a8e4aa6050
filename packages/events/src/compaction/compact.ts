import { parseProjectKey } from '@fleettools/core';
import type { FleetDB, SqlRunner } from '@fleettools/db';
import { z } from 'zod';

import { ArchiveVerificationError, SnapshotRequiredError, writeFailure } from '../errors.js';
import { LogReader } from '../log/log-reader.js';
import { parseOptions } from '../log/query-options.js';
import { ARCHIVE_COLUMNS, encodeSegment } from '../log/segment.js';
import { latestValidSnapshot } from '../snapshots/store.js';

/** Options of {@link compact}. */
export interface CompactOptions {
  /** The project whose old events to archive. */
  readonly projectKey: string;
  /**
   * Archive events with a sequence below this one. Clamped to what the newest valid snapshot covers
   * (its sequence + 1): an event is archived only once a snapshot holds its effect.
   */
  readonly before: number;
  /** Events per archive segment, each moved in its own transaction (default 10,000). */
  readonly segmentSize?: number;
}

/** What {@link compact} did. */
export interface CompactionResult {
  /** Events moved from the live log to the archive. */
  readonly archived: number;
  /** Segments written (one transaction each). */
  readonly segments: number;
  /** Every event below this sequence is now archived, except the newest event of each stream. */
  readonly compactedBefore: number;
  /** The snapshot that covers the archived events. */
  readonly snapshotSequence: number;
  /** Wall time, in ms. */
  readonly durationMs: number;
}

const CompactOptionsSchema = z.strictObject({
  projectKey: z.string(),
  before: z.int().min(1),
  segmentSize: z.int().min(1).max(100_000).default(10_000),
});

/** Rows to archive: in the range, and not the newest event of their stream (kept so appends number on). */
const ARCHIVABLE = `project_key = ?1 AND sequence >= ?2 AND sequence <= ?3 AND stream_version < (
  SELECT MAX(h.stream_version) FROM events AS h WHERE h.project_key = ?1 AND h.stream_id = events.stream_id)`;

/**
 * Moves a project's events covered by a snapshot from the live log into the archive (`archive_segments`,
 * compressed, in the same database file), a segment at a time. Each segment is one write transaction that
 * copies the rows, reads the stored segment back and checks its count and checksum against the live rows,
 * and only then deletes them (under a compaction permit the immutability trigger honours): a crash at any
 * instant leaves every event either live or archived, exactly once. The newest event of each stream stays
 * live, so sequences and stream versions go on from where they were. Idempotent: run it again after a crash
 * and it goes on from the last segment written.
 *
 * @throws {SnapshotRequiredError} the project has no valid snapshot.
 * @throws {ArchiveVerificationError} a segment read back differs from the live rows (rolled back).
 * @throws {StoreBusyError} other writers held the lock past the busy timeout (segments already written stay).
 * @throws {StoreWriteError} any other failure of the database (the segment in progress is rolled back).
 * @throws {OptionsValidationError} an option is not valid.
 * @example await compact(db, { projectKey: '/p', before: snapshot.sequence + 1 });
 */
export async function compact(db: FleetDB, options: CompactOptions): Promise<CompactionResult> {
  const parsed = parseOptions('compact', CompactOptionsSchema, options);
  const projectKey = parseProjectKey(parsed.projectKey);
  const started = performance.now();
  let archived = 0;
  let segments = 0;
  let plan: Plan | undefined;
  for (;;) {
    const known = plan;
    let step: Step;
    try {
      step = await db.$client.transaction('write', (tx) =>
        compactSegment(tx, projectKey, parsed.before, parsed.segmentSize, known),
      );
    } catch (error) {
      throw writeFailure('compact', error);
    }
    plan = step.plan;
    archived += step.archived;
    if (step.archived > 0) segments += 1;
    if (step.done) break;
  }
  if (archived > 0) await releaseFreedPages(db);
  return {
    archived,
    segments,
    compactedBefore: plan.compactedBefore,
    snapshotSequence: plan.snapshotSequence,
    durationMs: performance.now() - started,
  };
}

/**
 * Gives the pages compaction freed back to the disk, in a file created with `auto_vacuum=INCREMENTAL` (every
 * new project's): the file shrinks by what was archived, less the archive, with no `VACUUM`. In an older file
 * it does nothing, and new rows reuse the freed pages instead (`fleet doctor` reports them).
 */
async function releaseFreedPages(db: FleetDB): Promise<void> {
  try {
    await db.$client.transaction('write', (tx) => tx.all({ sql: 'PRAGMA incremental_vacuum' }));
  } catch (error) {
    throw writeFailure('compact', error);
  }
}

interface Plan {
  readonly snapshotSequence: number;
  /** What this compaction archives below: `before`, clamped to the snapshot. */
  readonly target: number;
  /** The archive's watermark after the last step. */
  compactedBefore: number;
}

interface Step {
  readonly plan: Plan;
  readonly archived: number;
  readonly done: boolean;
}

/** One segment, inside one write transaction: copy, read back and verify, then delete under a permit. */
async function compactSegment(
  tx: SqlRunner,
  projectKey: string,
  before: number,
  segmentSize: number,
  known: Plan | undefined,
): Promise<Step> {
  const log = new LogReader(tx, projectKey);
  const watermark = await log.compactedBefore();
  let plan = known;
  if (plan === undefined) {
    const snapshot = await latestValidSnapshot(tx, projectKey);
    if (snapshot === undefined) throw new SnapshotRequiredError(projectKey);
    plan = {
      snapshotSequence: snapshot.sequence,
      target: Math.min(before, snapshot.sequence + 1),
      compactedBefore: watermark,
    };
  }
  plan.compactedBefore = Math.max(plan.compactedBefore, watermark);
  if (watermark >= plan.target) return { plan, archived: 0, done: true };

  const rows = await tx.values({
    sql: `SELECT ${ARCHIVE_COLUMNS.join(', ')} FROM events WHERE ${ARCHIVABLE} ORDER BY sequence LIMIT ?4`,
    args: [projectKey, watermark, plan.target - 1, segmentSize],
  });
  if (rows.length === 0) return { plan, archived: 0, done: true };
  const segment = encodeSegment(rows);
  const full = rows.length === segmentSize;
  const compactedBefore = full ? segment.lastSequence + 1 : plan.target;
  await tx.run({
    sql: `INSERT INTO archive_segments (project_key, first_sequence, last_sequence, compacted_before, event_count,
            checksum, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    args: [
      projectKey,
      segment.firstSequence,
      segment.lastSequence,
      compactedBefore,
      segment.count,
      segment.checksum,
      segment.payload,
    ],
  });
  // Verify before anything leaves the live table: the stored segment, read back, holds exactly these rows.
  await log.segment(segment);

  await tx.run({
    sql: 'INSERT INTO compaction_permits (project_key, first_sequence, last_sequence) VALUES (?, ?, ?)',
    args: [projectKey, segment.firstSequence, segment.lastSequence],
  });
  const deleted = await tx.run({
    sql: `DELETE FROM events WHERE ${ARCHIVABLE}`,
    args: [projectKey, segment.firstSequence, segment.lastSequence],
  });
  if (deleted.changes !== rows.length) {
    throw new ArchiveVerificationError(
      projectKey,
      segment.firstSequence,
      `would delete ${String(deleted.changes)} live events for ${String(rows.length)} archived`,
    );
  }
  await tx.run({ sql: 'DELETE FROM compaction_permits WHERE project_key = ?', args: [projectKey] });
  plan.compactedBefore = compactedBefore;
  return { plan, archived: rows.length, done: !full };
}
