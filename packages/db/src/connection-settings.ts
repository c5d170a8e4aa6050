import type { Client } from '@libsql/client';

import type { DbTarget } from './options.js';

/**
 * Puts the client's connection in the state every FleetTools connection must have:
 *
 * - file databases: `journal_mode=WAL` (stored in the file: readers never block the writer), then
 *   `synchronous` as asked (`NORMAL` by default), and `query_only=ON` in read-only mode;
 * - every local database: `foreign_keys=ON`, `recursive_triggers=ON` (so REPLACE fires DELETE triggers);
 * - the busy timeout is not set here: `createClient({ timeout })` gives it to every connection it opens.
 *
 * PRAGMAs other than `journal_mode` are per connection; the client is opened with `concurrency: 1`, so the
 * one connection configured here is the only one it ever uses. Servers (`url`) manage their own settings.
 */
export async function applyConnectionSettings(client: Client, target: DbTarget): Promise<void> {
  if (target.kind === 'remote') return;
  if (target.kind === 'file' && !target.readonly) await switchToWal(client);
  await client.executeMultiple(localPragmas(target).join(';\n'));
}

/**
 * The per-connection PRAGMAs of a local database (every connection FleetTools opens to it gets them):
 * foreign keys and recursive triggers on, and for files `synchronous` as asked (`query_only` when read-only).
 */
export function localPragmas(target: Exclude<DbTarget, { kind: 'remote' }>): string[] {
  // recursive_triggers: a REPLACE that deletes a row to make room fires DELETE triggers, so
  // `INSERT OR REPLACE` cannot rewrite a stored event past the immutability trigger.
  const pragmas = ['PRAGMA foreign_keys = ON', 'PRAGMA recursive_triggers = ON'];
  if (target.kind === 'file') {
    pragmas.push(`PRAGMA synchronous = ${target.synchronous.toUpperCase()}`);
    if (target.readonly) pragmas.push('PRAGMA query_only = ON');
  }
  return pragmas;
}

async function switchToWal(client: Client): Promise<void> {
  const result = await client.execute('PRAGMA journal_mode = WAL');
  const mode = result.rows[0]?.[0];
  if (mode !== 'wal') throw new Error(`the file stays in journal_mode ${JSON.stringify(mode)}, not wal`);
}
