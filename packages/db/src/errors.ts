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

/**
 * A database written by a newer FleetTools release: its migrations table is ahead of the migrations this
 * release ships, so this release could write rows the newer schema does not expect. Refused for writing;
 * open it with `readonly: true` to read it, or upgrade FleetTools. `details.databaseVersion` and
 * `details.releaseVersion` are the two schema versions (numbers of migrations applied and shipped).
 */
export class DatabaseVersionError extends FleetError {
  declare readonly code: 'DB_SCHEMA_AHEAD';

  constructor(target: string, databaseVersion: number, releaseVersion: number) {
    super(
      'DB_SCHEMA_AHEAD',
      `Cannot write to database ${target}: its schema is at version ${String(databaseVersion)}, newer than ` +
        `version ${String(releaseVersion)} of this FleetTools release; upgrade FleetTools, or open it with ` +
        'readonly: true to read it.',
      { target, databaseVersion, releaseVersion },
    );
  }
}

/**
 * A statement failed in the database: `details.driverCode` (also {@link SqlError.driverCode}) is SQLite's
 * code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`...), `details.sql` the statement; the driver's error is
 * the `cause`.
 */
export class SqlError extends FleetError {
  declare readonly code: 'DB_STATEMENT_FAILED';
  /** SQLite's code, e.g. `SQLITE_BUSY` or `SQLITE_CONSTRAINT_TRIGGER`. */
  readonly driverCode: string;

  constructor(driverCode: string, reason: string, sql: string, options?: ErrorOptions) {
    super(
      'DB_STATEMENT_FAILED',
      `The statement failed with ${driverCode}: ${sentence(reason)}.`,
      { driverCode, sql: sql.length > 200 ? `${sql.slice(0, 200)}…` : sql },
      options,
    );
    this.driverCode = driverCode;
  }

  /** Whether SQLite gave up waiting for another connection's lock (`SQLITE_BUSY` and its extended codes). */
  get busy(): boolean {
    return this.driverCode.startsWith('SQLITE_BUSY');
  }

  /** Whether a constraint refused the statement: a duplicate key, or a trigger's `RAISE(ABORT, …)`. */
  get constraint(): boolean {
    return this.driverCode.startsWith('SQLITE_CONSTRAINT');
  }
}

/** The database was closed (`closeFleetDb`); open it again to go on. `details.target` names it. */
export class DatabaseClosedError extends FleetError {
  declare readonly code: 'DB_CLOSED';

  constructor(target: string) {
    super('DB_CLOSED', `The database ${target} is closed; open it again with createFleetDb.`, { target });
  }
}

/**
 * A Drizzle query ran while one of the store's transactions held the database's one connection (between two
 * of its statements): it would have run inside that transaction. Run such queries in turn with the store's
 * operations (`inTurn(db, () => query)`), or after the store's call resolved.
 */
export class TransactionActiveError extends FleetError {
  declare readonly code: 'DB_TRANSACTION_ACTIVE';

  constructor(target: string) {
    super(
      'DB_TRANSACTION_ACTIVE',
      `A transaction of the store holds the connection to ${target}; run the query with inTurn(db, …) or after the store's call resolved.`,
      { target },
    );
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
