import { parseProjectKey } from '@fleettools/core';
import type { FleetDB } from '@fleettools/db';
import { z } from 'zod';

import { readerOf } from '../coordination/reader.js';
import { parseOptions } from '../log/query-options.js';
import { CallsignField } from '../types/index.js';

/** Options of {@link searchMessages}. */
export interface SearchOptions {
  /** The pilot searching: only messages it sent or was sent are searched. */
  readonly callsign: string;
  /** Words to find in subjects and bodies (all of them, any order; a word ending in `*` is a prefix). */
  readonly query: string;
  /** At most this many results, best first (default 20, at most 1,000). */
  readonly limit?: number;
}

const SearchOptionsSchema = z.strictObject({
  callsign: CallsignField,
  query: z.string().trim().min(1, 'Invalid query: give at least one word').max(1000),
  limit: z.int().min(1).max(1000).optional(),
});

/** One message a search found, with a snippet of where it matched (matches between `[` and `]`). */
export interface SearchHit {
  readonly message_id: string;
  readonly thread_id: string | null;
  readonly from: string;
  readonly subject: string;
  readonly snippet: string;
  readonly sent_at: string;
  /** FTS5's bm25 score: lower is better (results come best first). */
  readonly rank: number;
}

/**
 * The words of `query` as an FTS5 expression that cannot be malformed: each word quoted as a string (so
 * `AND`, `NEAR`, `:` or `"` in the input are text, not syntax), a trailing `*` kept as a prefix search.
 */
function ftsQueryOf(query: string): string {
  return query
    .split(/\s+/)
    .filter((word) => word.replace(/\*+$/, '') !== '')
    .map((word) => {
      const prefix = word.endsWith('*');
      const text = word.replace(/\*+$/, '').replaceAll('"', '""');
      return `"${text}"${prefix ? '*' : ''}`;
    })
    .join(' ');
}

/**
 * Full-text search over the subjects and bodies of the project's messages (the `message_search` FTS5
 * projection), scoped to what the pilot may read: the messages it sent and the ones addressed to it. Ranked
 * by bm25, best first, each with a snippet.
 *
 * @throws {OptionsValidationError} an option is not valid (an empty query among them).
 */
export async function searchMessages(
  db: FleetDB,
  projectKey: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const key = parseProjectKey(projectKey);
  const { callsign, query, limit } = parseOptions('searchMessages', SearchOptionsSchema, options);
  const match = ftsQueryOf(query);
  if (match === '') return [];
  // Materialised: FTS5's snippet() and bm25() only run inside the full-text query itself.
  const rows = await readerOf(db.$client)(
    `WITH hits AS MATERIALIZED (
       SELECT message_id, snippet(message_search, -1, '[', ']', '…', 12) AS snippet, bm25(message_search) AS rank
       FROM message_search WHERE message_search MATCH ?1 AND project_key = ?2
     )
     SELECT h.message_id, m.thread_id, m.from_callsign, m.subject, h.snippet, m.sent_at, h.rank
     FROM hits h JOIN messages m ON m.project_key = ?2 AND m.message_id = h.message_id
     WHERE m.from_callsign = ?3
        OR EXISTS (SELECT 1 FROM message_recipients r
                   WHERE r.project_key = ?2 AND r.message_id = h.message_id AND r.callsign = ?3)
     ORDER BY h.rank, m.sent_at DESC, h.message_id
     LIMIT ?4`,
    [match, key, callsign, limit ?? 20],
  );
  return rows.map((row) => ({
    message_id: String(row['message_id']),
    thread_id: typeof row['thread_id'] === 'string' ? row['thread_id'] : null,
    from: String(row['from_callsign']),
    subject: String(row['subject']),
    snippet: String(row['snippet']),
    sent_at: String(row['sent_at']),
    rank: Number(row['rank']),
  }));
}
