import { DatabaseMigrationError, DatabaseVersionError } from './errors.js';
import { latestShippedMillis, shippedMigrations, type AppliedMigrations } from './migrator.js';

/**
 * What opening a database needs to do about its schema: nothing (`current`), apply migrations (`pending`),
 * or refuse. A database AHEAD of this release (written by a newer one) may be read (`readonly: true`) but
 * never written: this release could write rows its schema does not expect.
 *
 * @throws {DatabaseVersionError} the schema is ahead of this release and the database is opened for writing.
 * @throws {DatabaseMigrationError} the schema is behind and the database is read-only (nothing may migrate it).
 */
export function schemaVerdict(
  target: string,
  applied: AppliedMigrations,
  readonly: boolean,
): 'current' | 'pending' {
  const shipped = latestShippedMillis();
  if (applied.latest !== null && applied.latest > shipped) {
    if (readonly) return 'current';
    throw new DatabaseVersionError(target, applied.count, shippedMigrations().length);
  }
  if (applied.latest !== null && applied.latest === shipped) return 'current';
  if (readonly) {
    throw new DatabaseMigrationError(
      target,
      'the read-only database is behind the shipped migrations; open it once without readonly',
      { latestApplied: applied.latest, latestShipped: shipped },
    );
  }
  return 'pending';
}
