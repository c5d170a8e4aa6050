import type { SqlCell } from './port.js';

/**
 * Reading many rows through one `get()`: the query is wrapped so that SQLite returns every row as ONE JSON
 * text, `[[cell, …], …]`.
 *
 * Why: on the native `libsql` 0.5.29 driver, every `.all()` or `.iterate()` call grows the process's RSS
 * for good (measured: 84–88 MiB per 100,000 calls, under Bun and Node, whatever the row count), while
 * `.get()` and `.run()` stay flat (1–5 MiB per 100,000, the allocator's noise). A query whose rows come back
 * in one `.get()` costs what a `.get()` costs.
 *
 * Fidelity: TEXT, INTEGER and NULL travel as JSON as they are (integers beyond 2^53 lose precision, as the
 * driver's own numbers do); REAL and BLOB cells are encoded as objects (`{"r": "<17 significant digits>"}`,
 * `{"b": "<hex>"}`), which no other cell can be (a TEXT cell is always a JSON string), and decoded back.
 */

/** The SQL returning every row of `sql` (whose result columns are `columns`, as an outer query sees them). */
export function aggregateSql(sql: string, columns: readonly string[]): string {
  const cells = columns.map((column) => {
    const name = `"${column.replaceAll('"', '""')}"`;
    return `CASE typeof(${name}) WHEN 'real' THEN json_object('r', printf('%!.17g', ${name})) WHEN 'blob' THEN json_object('b', hex(${name})) ELSE ${name} END`;
  });
  // The closing parenthesis on its own line: a trailing `-- comment` of `sql` cannot swallow it.
  return `SELECT json_group_array(json_array(${cells.join(', ')})) FROM (\n${sql}\n)`;
}

/** The SQL whose columns are the names an outer query sees (`SELECT * FROM (sql)`), to learn them. */
export function outerColumnsSql(sql: string): string {
  return `SELECT * FROM (\n${sql}\n)`;
}

/** The rows of an aggregated read, cells decoded. */
export function decodeAggregate(json: string): SqlCell[][] {
  const rows = JSON.parse(json) as unknown[][];
  // An encoded REAL or BLOB is the only JSON object the text can hold: a TEXT cell is an escaped string.
  if (!json.includes('{"')) return rows as SqlCell[][];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += 1) {
      const cell = row[i];
      if (typeof cell === 'object' && cell !== null)
        row[i] = decodeCell(cell as Readonly<Record<string, string>>);
    }
  }
  return rows as SqlCell[][];
}

function decodeCell(cell: Readonly<Record<string, string>>): SqlCell {
  const real = cell['r'];
  if (real !== undefined) return realOf(real);
  return Buffer.from(cell['b'] ?? '', 'hex');
}

/** A REAL printed by SQLite's `%!.17g` (17 significant digits: it reads back to the same double). */
function realOf(text: string): number {
  if (text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}
