import { LibsqlError } from '@libsql/client';

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
