import { WORK_ORDER_STATUS } from '@fleettools/core';
import { DEPENDENCY_KIND } from '@fleettools/db';

import { dependencyRows } from './dependencies.js';
import { orNull, projectors, type ProjectionStatement } from './statement.js';

/** A change of a work order's status, with the columns that go with it. */
function workOrderUpdate(set: string, args: (string | null)[]): ProjectionStatement {
  return {
    table: 'work_orders',
    sql: `UPDATE work_orders SET ${set} WHERE project_key = ?1 AND work_order_id = ?2`,
    args,
  };
}

/** Work orders: low-level tasks within a sortie, and their dependencies. */
export const workOrderProjectors = projectors({
  work_order_created: (e) => [
    {
      table: 'work_orders',
      sql: `INSERT INTO work_orders (project_key, work_order_id, sortie_id, title, description, status, created_at,
              updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
            ON CONFLICT (project_key, work_order_id) DO UPDATE SET sortie_id = excluded.sortie_id,
              title = excluded.title, description = excluded.description, updated_at = excluded.updated_at`,
      args: [
        e.project_key,
        e.work_order_id,
        e.sortie_id,
        e.title,
        orNull(e.description),
        WORK_ORDER_STATUS.PENDING,
        e.timestamp,
      ],
    },
    ...dependencyRows(DEPENDENCY_KIND.WORK_ORDER, e, e.work_order_id, e.depends_on),
  ],
  work_order_dependency_added: (e) =>
    dependencyRows(DEPENDENCY_KIND.WORK_ORDER, e, e.work_order_id, e.depends_on),
  work_order_started: (e) => [
    workOrderUpdate('status = ?3, assigned_to = ?4, updated_at = ?5', [
      e.project_key,
      e.work_order_id,
      WORK_ORDER_STATUS.IN_PROGRESS,
      e.callsign,
      e.timestamp,
    ]),
  ],
  work_order_completed: (e) => [
    workOrderUpdate('status = ?3, assigned_to = ?4, result = ?5, completed_at = ?6, updated_at = ?6', [
      e.project_key,
      e.work_order_id,
      WORK_ORDER_STATUS.COMPLETED,
      e.callsign,
      orNull(e.result),
      e.timestamp,
    ]),
  ],
  work_order_failed: (e) => [
    workOrderUpdate('status = ?3, assigned_to = ?4, result = ?5, completed_at = ?6, updated_at = ?6', [
      e.project_key,
      e.work_order_id,
      WORK_ORDER_STATUS.FAILED,
      e.callsign,
      e.reason,
      e.timestamp,
    ]),
  ],
});
