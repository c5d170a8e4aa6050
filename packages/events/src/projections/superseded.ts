import type { ProjectionStatement } from './statement.js';

/**
 * The statements of a fold, in order, without the overwrites that a later statement supersedes. A statement
 * that {@link ProjectionStatement.overwrites | overwrites} a row is left out when the next statement on that
 * row is the same SQL overwriting it again, and no statement on the same table that names no row runs in
 * between (such a statement may change any row: it keeps everything before it). Statements of other tables
 * never matter: no projection statement reads another table.
 *
 * Running what is left leaves every table exactly as running them all would: the later overwrite sets the
 * same columns, and whether it matches the row does not depend on them. Replay folds through it, so a log
 * made mostly of heartbeats and progress reports costs about one write per row and chunk, instead of one per
 * event.
 *
 * @example
 * withoutSupersededWrites([...projectionStatements(beat1), ...projectionStatements(beat2)]); // beat2's only
 */
export function withoutSupersededWrites(statements: readonly ProjectionStatement[]): ProjectionStatement[] {
  // Walking backwards: for each table, the SQL of the next statement on each named row.
  const nextOnRow = new Map<string, Map<string, string>>();
  const kept: ProjectionStatement[] = [];
  for (let i = statements.length - 1; i >= 0; i -= 1) {
    const statement = statements[i] as ProjectionStatement;
    let rows = nextOnRow.get(statement.table);
    if (statement.overwrites === undefined) {
      rows?.clear();
      kept.push(statement);
      continue;
    }
    if (rows === undefined) {
      rows = new Map();
      nextOnRow.set(statement.table, rows);
    }
    if (rows.get(statement.overwrites) === statement.sql) continue;
    rows.set(statement.overwrites, statement.sql);
    kept.push(statement);
  }
  return kept.reverse();
}
