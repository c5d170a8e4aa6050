import { FleetError } from '@fleettools/core';

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
