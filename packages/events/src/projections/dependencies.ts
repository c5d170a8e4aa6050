import type { DependencyKind } from '@fleettools/db';

import type { ProjectionStatement } from './statement.js';

/** The rows saying that `itemId` (a sortie or a work order, per `kind`) waits for each of `dependsOn`. */
export function dependencyRows(
  kind: DependencyKind,
  event: { readonly project_key: string; readonly timestamp: string },
  itemId: string,
  dependsOn: readonly string[] | undefined,
): ProjectionStatement[] {
  if (dependsOn === undefined || dependsOn.length === 0) return [];
  const tuples = dependsOn.map((_, i) => `(?1, ?2, ?3, ?${i + 5}, ?4)`).join(', ');
  return [
    {
      table: 'dependencies',
      sql: `INSERT OR IGNORE INTO dependencies (project_key, kind, item_id, depends_on, created_at) VALUES ${tuples}`,
      args: [event.project_key, kind, itemId, event.timestamp, ...dependsOn],
    },
  ];
}
