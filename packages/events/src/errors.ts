import { FleetError } from '@fleettools/core';
import type { z } from 'zod';

import { EVENT_TYPES, type FleetEventType } from './types/index.js';

/** One problem found in an event: where (`path`, dotted, `''` for the event itself), its Zod code and message. */
export interface EventIssue {
  /** Dotted path to the offending field, e.g. `conflicts.0.path`; `''` when the event as a whole is wrong. */
  readonly path: string;
  /** Zod's issue code, e.g. `too_big`, `invalid_type`, `unrecognized_keys`. */
  readonly code: string;
  /** What was wrong, in words. */
  readonly message: string;
}

/** Longest issue message kept, so that a 5 MB unknown key does not make a 5 MB error. */
const MAX_ISSUE_MESSAGE = 200;
/** Most issues spelled out in the error's message; all of them stay in `details.issues`. */
const MAX_ISSUES_IN_MESSAGE = 5;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Zod's issues as {@link EventIssue}s: dotted paths, messages cut to 200 characters. */
export function toEventIssues(issues: readonly z.core.$ZodIssue[]): EventIssue[] {
  return issues.map((issue) => ({
    path: cut(issue.path.map(String).join('.'), MAX_ISSUE_MESSAGE),
    code: issue.code,
    message: cut(issue.message, MAX_ISSUE_MESSAGE),
  }));
}

/** The event type named by `raw.type`, when it is one of the catalog. */
export function knownTypeOf(raw: unknown): FleetEventType | undefined {
  if (typeof raw !== 'object' || raw === null || !('type' in raw)) return undefined;
  const type = raw.type;
  return EVENT_TYPES.find((known) => known === type);
}

function summary(issues: readonly EventIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`));
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

/**
 * An event failed validation. `details.type` is the event type when `raw.type` named one of the catalog;
 * `details.issues` lists every problem with its dotted path. The message spells out the first five, e.g.
 * `Invalid sortie_created event: title: Too big: expected string to have <=200 characters`.
 */
export class EventValidationError extends FleetError {
  declare readonly code: 'EVENT_INVALID';
  declare readonly details: { readonly type?: FleetEventType; readonly issues: readonly EventIssue[] };

  constructor(issues: readonly EventIssue[], type?: FleetEventType) {
    super(
      'EVENT_INVALID',
      `Invalid ${type === undefined ? '' : `${type} `}event: ${summary(issues)}`,
      type === undefined ? { issues } : { type, issues },
    );
  }
}

/** An event's `project_key` differs from the project it was appended under; nothing was written. */
export class ProjectMismatchError extends FleetError {
  declare readonly code: 'PROJECT_MISMATCH';

  constructor(eventId: string, eventProjectKey: string, projectKey: string) {
    super(
      'PROJECT_MISMATCH',
      `Event ${eventId} belongs to project ${JSON.stringify(eventProjectKey)} but was appended under ${JSON.stringify(projectKey)}.`,
      { event_id: eventId, event_project_key: eventProjectKey, project_key: projectKey },
    );
  }
}

/** The stream moved on since the caller read it (`expectedVersion` did not match); nothing was written. */
export class ConcurrencyError extends FleetError {
  declare readonly code: 'CONCURRENCY_CONFLICT';

  constructor(streamId: string, expected: number, actual: number) {
    super(
      'CONCURRENCY_CONFLICT',
      `Stream ${streamId} is at version ${actual}, not the expected ${expected}.`,
      { stream_id: streamId, expected, actual },
    );
  }
}

/**
 * An event id is already stored with different content, or some events of an `appendMany` are stored and
 * others are not (a retry must resend exactly the batch that was stored); nothing was written.
 */
export class IdempotencyConflictError extends FleetError {
  declare readonly code: 'IDEMPOTENCY_CONFLICT';

  constructor(eventId: string, reason: 'different-content' | 'partial-batch') {
    super(
      'IDEMPOTENCY_CONFLICT',
      reason === 'different-content'
        ? `Event ${eventId} is already stored with different content; a retry must resend the same event.`
        : `Event ${eventId} is already stored but other events of this batch are not; resend the stored batch as it was.`,
      { event_id: eventId, reason },
    );
  }
}

/** The database stayed locked by other writers beyond the busy timeout; nothing was written. */
export class StoreBusyError extends FleetError {
  declare readonly code: 'STORE_BUSY';

  constructor(operation: string, cause: unknown) {
    super(
      'STORE_BUSY',
      `The database stayed locked by other writers past the busy timeout during ${operation}; nothing was written.`,
      { operation },
      { cause },
    );
  }
}

/** Options given to a store method were not valid; `details.issues` lists each with its path. */
export class OptionsValidationError extends FleetError {
  declare readonly code: 'OPTIONS_INVALID';

  constructor(operation: string, issues: readonly { path: string; message: string }[]) {
    super(
      'OPTIONS_INVALID',
      `Invalid options for ${operation}: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}.`,
      { operation, issues },
    );
  }
}

/** A write failed for a reason no other error names (disk full, corrupt file...); nothing was written. */
export class StoreWriteError extends FleetError {
  declare readonly code: 'STORE_WRITE_FAILED';

  constructor(cause: unknown) {
    super(
      'STORE_WRITE_FAILED',
      `The write failed and wrote nothing: ${cause instanceof Error ? cause.message : String(cause)}.`,
      {},
      { cause },
    );
  }
}

/** A read failed (closed client, unreadable file...); `cause` holds the driver's error. */
export class StoreReadError extends FleetError {
  declare readonly code: 'STORE_READ_FAILED';

  constructor(cause: unknown) {
    super(
      'STORE_READ_FAILED',
      `The read failed: ${cause instanceof Error ? cause.message : String(cause)}.`,
      {},
      { cause },
    );
  }
}

/**
 * A cursor (`after_sequence`) points into compacted history: some events after it were moved to the archive.
 * Read them with `include_archived: true`, or resume from `details.oldest_live_sequence - 1`, from which every
 * event is live.
 */
export class CursorCompactedError extends FleetError {
  declare readonly code: 'CURSOR_COMPACTED';

  constructor(projectKey: string, afterSequence: number, oldestLiveSequence: number) {
    super(
      'CURSOR_COMPACTED',
      `Cursor after_sequence ${afterSequence} of project ${JSON.stringify(projectKey)} points into compacted history; every event from sequence ${oldestLiveSequence} on is live: pass include_archived: true or resume after ${oldestLiveSequence - 1}.`,
      { project_key: projectKey, after_sequence: afterSequence, oldest_live_sequence: oldestLiveSequence },
    );
  }
}

/**
 * Compaction found what it wrote to the archive different from what it would remove from the live log
 * (count or checksum); it rolled back and nothing moved. Also raised when a stored segment fails its checksum
 * on read.
 */
export class ArchiveVerificationError extends FleetError {
  declare readonly code: 'ARCHIVE_VERIFICATION_FAILED';

  constructor(projectKey: string, firstSequence: number, reason: string) {
    super(
      'ARCHIVE_VERIFICATION_FAILED',
      `Archive segment of project ${JSON.stringify(projectKey)} starting at sequence ${firstSequence} failed verification: ${reason}.`,
      { project_key: projectKey, first_sequence: firstSequence, reason },
    );
  }
}

/** Compaction needs a valid snapshot of the project, and there is none (take one with `takeSnapshot`). */
export class SnapshotRequiredError extends FleetError {
  declare readonly code: 'SNAPSHOT_REQUIRED';

  constructor(projectKey: string) {
    super(
      'SNAPSHOT_REQUIRED',
      `Project ${JSON.stringify(projectKey)} has no valid snapshot, so no event is covered and none can be compacted; take a snapshot first.`,
      { project_key: projectKey },
    );
  }
}

/**
 * A snapshot was not stored whole: its payload is larger than one SQLite value may be (`reason: 'too_large'`,
 * checked before writing), or the row read back after the write is missing or holds another payload
 * (`reason: 'not_stored'`). Nothing else changed; replay and compaction go on from the older snapshots.
 */
export class SnapshotNotStoredError extends FleetError {
  declare readonly code: 'SNAPSHOT_NOT_STORED';
  declare readonly details: {
    readonly project_key: string;
    readonly sequence: number;
    readonly bytes: number;
    readonly reason: 'too_large' | 'not_stored';
  };

  constructor(projectKey: string, sequence: number, bytes: number, reason: 'too_large' | 'not_stored') {
    super(
      'SNAPSHOT_NOT_STORED',
      reason === 'too_large'
        ? `The snapshot of project ${JSON.stringify(projectKey)} at sequence ${String(sequence)} is ${String(bytes)} bytes, more than one SQLite value may hold; it was not stored.`
        : `The snapshot of project ${JSON.stringify(projectKey)} at sequence ${String(sequence)} (${String(bytes)} bytes) was written but is not in the database whole; it was not stored.`,
      { project_key: projectKey, sequence, bytes, reason },
    );
    this.withHint({
      action:
        reason === 'too_large'
          ? 'replay still works from the log and the older snapshots; keep the state a snapshot copies smaller'
          : 'check that nothing (a trigger, a full disk) alters the snapshots table, then take the snapshot again',
    });
  }
}

/**
 * SQLite's code of a failed statement (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`...): the `driverCode` of the
 * database layer's `SqlError` (`DB_STATEMENT_FAILED`), recognised by its stable code rather than its class, so
 * that two copies of `@fleettools/db` in one install still agree. `undefined` for any other error.
 */
function driverCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverCode } = error as { code?: unknown; driverCode?: unknown };
  return code === 'DB_STATEMENT_FAILED' && typeof driverCode === 'string' ? driverCode : undefined;
}

/** True when SQLite gave up waiting for another connection's lock (`SQLITE_BUSY`, after the busy timeout). */
export function isBusy(error: unknown): boolean {
  return driverCodeOf(error)?.startsWith('SQLITE_BUSY') === true;
}

/** True when a statement broke a constraint: a duplicate key, or a trigger's `RAISE(ABORT, …)`. */
export function isConstraintViolation(error: unknown): boolean {
  return driverCodeOf(error)?.startsWith('SQLITE_CONSTRAINT') === true;
}

/**
 * A write's failure as the store reports it: `SQLITE_BUSY` as {@link StoreBusyError}, any other failed
 * statement as {@link StoreWriteError}; a typed FleetTools error (a rule's refusal, an archive that fails its
 * checks, a closed database) or an error thrown by a caller's callback unchanged. Never a raw driver error.
 */
export function writeFailure(operation: string, error: unknown): unknown {
  if (isBusy(error)) return new StoreBusyError(operation, error);
  return driverCodeOf(error) === undefined ? error : new StoreWriteError(error);
}

/** A read's failure as the store reports it: a failed statement (or anything untyped) as a {@link StoreReadError}. */
export function readFailure(error: unknown): FleetError {
  return error instanceof FleetError && driverCodeOf(error) === undefined ? error : new StoreReadError(error);
}
