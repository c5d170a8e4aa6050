import { SORTIE_STATUS } from '@fleettools/core';
import { DEPENDENCY_KIND } from '@fleettools/db';

import { DEPENDENCY_DONE } from './dependencies.js';
import type { Reader } from './reader.js';

/** Which ready sorties to list: all of the project's, or one mission's. */
export interface ReadyFilter {
  readonly mission_id?: string | undefined;
}

/**
 * The ids of the ready sorties, the most urgent first: pending, assigned to nobody, every dependency
 * completed; ordered by priority (0 first), then creation time, then id. The one definition of "ready", used
 * by the read model and, inside the write transaction, by `claim`.
 */
export async function readySortieIds(
  read: Reader,
  projectKey: string,
  filter: ReadyFilter,
  limit: number,
): Promise<string[]> {
  const args: (string | number)[] = [
    projectKey,
    SORTIE_STATUS.PENDING,
    DEPENDENCY_KIND.SORTIE,
    DEPENDENCY_DONE,
  ];
  let where = '';
  if (filter.mission_id !== undefined) {
    args.push(filter.mission_id);
    where += ` AND s.mission_id = ?${args.length}`;
  }
  args.push(limit);
  const rows = await read(
    `SELECT s.sortie_id FROM sorties s
     WHERE s.project_key = ?1 AND s.status = ?2 AND s.assigned_to IS NULL${where}
       AND NOT EXISTS (
         SELECT 1 FROM dependencies d
         LEFT JOIN sorties t ON t.project_key = d.project_key AND t.sortie_id = d.depends_on
         WHERE d.project_key = ?1 AND d.kind = ?3 AND d.item_id = s.sortie_id
           AND (t.status IS NULL OR t.status <> ?4))
     ORDER BY s.priority, s.created_at, s.sortie_id
     LIMIT ?${args.length}`,
    args,
  );
  return rows.map((row) => String(row['sortie_id']));
}
