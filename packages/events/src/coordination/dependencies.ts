import { SORTIE_STATUS } from '@fleettools/core';
import { DEPENDENCY_KIND, type DependencyKind } from '@fleettools/db';

import { textOrNull, type Reader } from './reader.js';

/** Where the items of each dependency kind live: their table and key column. */
const ITEMS: { readonly [K in DependencyKind]: { readonly table: string; readonly key: string } } = {
  [DEPENDENCY_KIND.SORTIE]: { table: 'sorties', key: 'sortie_id' },
  [DEPENDENCY_KIND.WORK_ORDER]: { table: 'work_orders', key: 'work_order_id' },
};

/** The status a dependency must reach before what waits for it may go on (the same for both kinds). */
export const DEPENDENCY_DONE = SORTIE_STATUS.COMPLETED;

/** The dependencies of `itemId` that are not completed yet, in id order. */
export async function unfinishedDependencies(
  read: Reader,
  projectKey: string,
  kind: DependencyKind,
  itemId: string,
): Promise<string[]> {
  const { table, key } = ITEMS[kind];
  const rows = await read(
    `SELECT d.depends_on AS id FROM dependencies d
     LEFT JOIN ${table} t ON t.project_key = d.project_key AND t.${key} = d.depends_on
     WHERE d.project_key = ? AND d.kind = ? AND d.item_id = ? AND (t.status IS NULL OR t.status <> ?)
     ORDER BY d.depends_on`,
    [projectKey, kind, itemId, DEPENDENCY_DONE],
  );
  return rows.map((row) => textOrNull(row, 'id') ?? '');
}

/**
 * True when `itemId` is `target` or one of the items `target` waits for, directly or through others: making
 * `itemId` depend on `target` would then close a cycle. Each item is visited once (`UNION` keeps ids apart).
 */
export async function reaches(
  read: Reader,
  projectKey: string,
  kind: DependencyKind,
  target: string,
  itemId: string,
): Promise<boolean> {
  if (target === itemId) return true;
  const rows = await read(
    `WITH RECURSIVE reach(id) AS (
       SELECT ?3
       UNION
       SELECT d.depends_on FROM dependencies d JOIN reach ON d.item_id = reach.id
       WHERE d.project_key = ?1 AND d.kind = ?2
     )
     SELECT 1 AS found FROM reach WHERE id = ?4 LIMIT 1`,
    [projectKey, kind, target, itemId],
  );
  return rows.length > 0;
}
