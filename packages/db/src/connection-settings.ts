import type { NativeSession } from './connection/native-session.js';
import type { DbTarget } from './options.js';

/** A local database: a file or `:memory:`. */
export type LocalTarget = Exclude<DbTarget, { kind: 'remote' }>;

/**
 * Puts a native connection in the state every FleetTools connection must have:
 *
 * - file databases: `auto_vacuum=INCREMENTAL` when the file is new, `journal_mode=WAL` (stored in the file:
 *   readers never block the writer), `journal_size_limit` ({@link WAL_SIZE_LIMIT_BYTES}), then
 *   `synchronous` as asked (`NORMAL` by default), and `query_only=ON` in read-only mode;
 * - every local database: `foreign_keys=ON`, `recursive_triggers=ON` (so REPLACE fires DELETE triggers);
 * - the busy timeout is given to the driver when it opens the connection.
 *
 * Servers (`url`) manage their own settings.
 *
 * @throws {SqlError} a setting cannot be applied (`SQLITE_BUSY` while many processes create the file).
 * @throws {Error} the file stays out of WAL mode.
 */
export function applyConnectionSettings(session: NativeSession, target: LocalTarget): void {
  if (target.kind === 'file' && !target.readonly) {
    // Only in a new, empty file (a new project): its freed pages can then be given back to the disk a few at a
    // time (`PRAGMA incremental_vacuum`, which compaction runs). Setting it opens a write transaction, so it is
    // never run on a file that has pages: that would wait on other writers at every open. Older files keep
    // their mode (changing it needs a VACUUM) and reuse their freed pages for new rows.
    if (Number(session.getValues({ sql: 'PRAGMA page_count' })?.[0] ?? 0) === 0) {
      session.exec('PRAGMA auto_vacuum = INCREMENTAL');
    }
    const mode = session.getValues({ sql: 'PRAGMA journal_mode = WAL' })?.[0];
    if (mode !== 'wal') throw new Error(`the file stays in journal_mode ${JSON.stringify(mode)}, not wal`);
  }
  session.exec(localPragmas(target).join(';\n'));
}

/** The size (64 MiB) a checkpoint that resets the WAL truncates it back to: `PRAGMA journal_size_limit`. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The per-connection PRAGMAs of a local database: foreign keys and recursive triggers on, and for files
 * `synchronous` as asked (`query_only` when read-only).
 */
export function localPragmas(target: LocalTarget): string[] {
  // recursive_triggers: a REPLACE that deletes a row to make room fires DELETE triggers, so
  // `INSERT OR REPLACE` cannot rewrite a stored event past the immutability trigger.
  const pragmas = ['PRAGMA foreign_keys = ON', 'PRAGMA recursive_triggers = ON'];
  if (target.kind === 'file') {
    pragmas.push(`PRAGMA synchronous = ${target.synchronous.toUpperCase()}`);
    // A WAL that a long reader let grow is cut back to this size by the next checkpoint that resets it, once
    // the reader lets go (without it the file keeps its largest size forever).
    pragmas.push(`PRAGMA journal_size_limit = ${String(WAL_SIZE_LIMIT_BYTES)}`);
    if (target.readonly) pragmas.push('PRAGMA query_only = ON');
  }
  return pragmas;
}
