import { retryOnBusy } from './busy-retry.js';
import { applyConnectionSettings, type LocalTarget } from './connection-settings.js';
import { NativeSession } from './connection/native-session.js';
import { appliedMigrations, applyPendingMigrations } from './migrator.js';
import { schemaVerdict } from './schema-check.js';

/**
 * Opens a local database's one native connection, configured and with its schema brought up to date, before
 * it returns. The whole sequence is retried with back-off on `SQLITE_BUSY`, on a fresh connection each time
 * (12+ processes creating one new project at once all succeed: see the concurrent-open test).
 *
 * @throws {DatabaseVersionError} / {DatabaseMigrationError} see `schemaVerdict`.
 * @throws {MigrationStepError} a migration failed (rolled back).
 * @throws {SqlError} the driver failed (`SQLITE_CANTOPEN`, `SQLITE_BUSY` past the budget...).
 */
export function openLocal(target: LocalTarget, label: string): NativeSession {
  const path = target.kind === 'file' ? target.path : ':memory:';
  return retryOnBusy(() => {
    const session = new NativeSession({
      path,
      busyTimeoutMs: target.busyTimeoutMs,
      configure: (opened) => {
        applyConnectionSettings(opened, target);
      },
    });
    try {
      const readonly = target.kind === 'file' && target.readonly;
      if (schemaVerdict(label, appliedMigrations(session), readonly) === 'pending') {
        applyPendingMigrations(session);
      }
      return session;
    } catch (error) {
      session.close(false);
      throw error;
    }
  }, target.busyTimeoutMs);
}
