import { LibsqlError } from '@libsql/client';

import { StoreBusyError, StoreWriteError } from '../store/errors.js';

/** True when SQLite gave up waiting for another connection's lock (SQLITE_BUSY, after the busy timeout). */
export function isBusy(error: unknown): boolean {
  return (
    error instanceof LibsqlError && (error.code === 'SQLITE_BUSY' || error.code.startsWith('SQLITE_BUSY_'))
  );
}

/** True when a statement broke a constraint: a duplicate key, or a trigger's `RAISE(ABORT, …)`. */
export function isConstraintViolation(error: unknown): boolean {
  return error instanceof LibsqlError && error.code === 'SQLITE_CONSTRAINT';
}

/**
 * A write's failure as the store reports it: `SQLITE_BUSY` as {@link StoreBusyError}, any other driver error
 * as {@link StoreWriteError}; anything else (a typed FleetTools error, an error thrown by a caller's callback)
 * unchanged. Never a raw driver error.
 */
export function writeFailure(operation: string, error: unknown): unknown {
  if (isBusy(error)) return new StoreBusyError(operation, error);
  return error instanceof LibsqlError ? new StoreWriteError(error) : error;
}
