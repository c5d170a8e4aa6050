import { textOrNull, type Reader } from './reader.js';

/**
 * The store's clock: the database's own time (`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`), read inside the write
 * transaction a decision is taken in. Every writer of one database file runs on the host that holds the file
 * (SQLite's locking needs a local file system), so every decision reads one clock, whatever `Date.now()` a
 * process believes or whatever `timestamp` an event brings.
 */
export async function storeNow(read: Reader): Promise<string> {
  const [row] = await read("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS now", []);
  const now = textOrNull(row, 'now');
  if (now === null) throw new TypeError('the database returned no time');
  return now;
}
