import type { ErrorDetails } from '@fleettools/core';
import { FleetError } from '@fleettools/core';

/**
 * The database could not be opened: the file could not be created or opened, it does not exist (read-only
 * mode), it is locked beyond the retries, or the server cannot be reached. `details.target` names the file or
 * URL, `details.driverCode` the driver's code (`SQLITE_CANTOPEN`, `SQLITE_BUSY`...) when there is one; the
 * driver error is the `cause`.
 */
export class DatabaseOpenError extends FleetError {
  declare readonly code: 'DB_OPEN_FAILED';

  constructor(target: string, reason: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(
      'DB_OPEN_FAILED',
      `Cannot open database ${target}: ${sentence(reason)}.`,
      { target, reason, ...details },
      options,
    );
  }
}

/**
 * The schema could not be brought up to date: applying a migration failed, or a read-only database is
 * behind the migrations this package ships (open it read-write once to migrate it). `details.target` names
 * the database, `details.migration` the failing migration's tag when known.
 */
export class DatabaseMigrationError extends FleetError {
  declare readonly code: 'DB_MIGRATION_FAILED';

  constructor(target: string, reason: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(
      'DB_MIGRATION_FAILED',
      `Cannot migrate database ${target}: ${sentence(reason)}.`,
      { target, reason, ...details },
      options,
    );
  }
}

/** An option given to `createFleetDb` has the wrong shape; `details.option` names it, `details.input` holds it. */
export class DatabaseOptionsError extends FleetError {
  declare readonly code: 'DB_OPTIONS_INVALID';

  constructor(option: string, input: unknown, reason: string) {
    super('DB_OPTIONS_INVALID', `Invalid option ${option}: ${reason}.`, { option, input, reason });
  }
}

/** The driver's error code (`SQLITE_BUSY`, `CLIENT_CLOSED`...) of an error, if it carries one. */
export function driverCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A driver message made fit to end our one-sentence messages: trailing punctuation and blanks removed. */
function sentence(reason: string): string {
  return reason.replace(/[\s.?!]+$/u, '');
}
