import type { MissionStatus, SortieStatus, WorkOrderStatus } from '@fleettools/core';
import { MISSION_STATUS, SORTIE_STATUS, WORK_ORDER_STATUS } from '@fleettools/core';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Large grouped pieces of work. Fed by `mission_*` events. */
export const missionsTable = sqliteTable(
  'missions',
  {
    project_key: text('project_key').notNull(),
    mission_id: text('mission_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status').$type<MissionStatus>().notNull().default(MISSION_STATUS.PENDING),
    created_by: text('created_by'),
    summary: text('summary'),
    created_at: text('created_at').notNull(),
    started_at: text('started_at'),
    completed_at: text('completed_at'),
    updated_at: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.project_key, t.mission_id] })],
);

/** Units of work, usually within a mission. `files` is JSON text (an array of paths). Fed by `sortie_*`, `fleet_recovered`. */
export const sortiesTable = sqliteTable(
  'sorties',
  {
    project_key: text('project_key').notNull(),
    sortie_id: text('sortie_id').notNull(),
    mission_id: text('mission_id'),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status').$type<SortieStatus>().notNull().default(SORTIE_STATUS.PENDING),
    assigned_to: text('assigned_to'),
    progress: integer('progress').notNull().default(0),
    blocked_reason: text('blocked_reason'),
    result: text('result'),
    files: text('files'),
    created_at: text('created_at').notNull(),
    started_at: text('started_at'),
    completed_at: text('completed_at'),
    updated_at: text('updated_at').notNull(),
    /** 0 (most urgent) to 4; `claim` takes the most urgent ready sortie first. */
    priority: integer('priority').notNull().default(2),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.sortie_id] }),
    index('sorties_project_mission_idx').on(t.project_key, t.mission_id),
    index('sorties_project_status_idx').on(t.project_key, t.status),
    index('sorties_project_assigned_idx').on(t.project_key, t.assigned_to),
    index('sorties_project_status_priority_idx').on(t.project_key, t.status, t.priority, t.created_at),
  ],
);

/** Low-level tasks within a sortie. Fed by `work_order_*` events. */
export const workOrdersTable = sqliteTable(
  'work_orders',
  {
    project_key: text('project_key').notNull(),
    work_order_id: text('work_order_id').notNull(),
    sortie_id: text('sortie_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status').$type<WorkOrderStatus>().notNull().default(WORK_ORDER_STATUS.PENDING),
    assigned_to: text('assigned_to'),
    result: text('result'),
    created_at: text('created_at').notNull(),
    updated_at: text('updated_at').notNull(),
    completed_at: text('completed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.work_order_id] }),
    index('work_orders_project_sortie_idx').on(t.project_key, t.sortie_id),
  ],
);

/** Context-survival snapshots. `state` and `files_modified` are JSON text. Fed by `checkpoint_*` events. */
export const checkpointsTable = sqliteTable(
  'checkpoints',
  {
    project_key: text('project_key').notNull(),
    checkpoint_id: text('checkpoint_id').notNull(),
    callsign: text('callsign').notNull(),
    sortie_id: text('sortie_id'),
    mission_id: text('mission_id'),
    summary: text('summary').notNull(),
    state: text('state').notNull(),
    files_modified: text('files_modified'),
    created_at: text('created_at').notNull(),
    restored_at: text('restored_at'),
    restored_by: text('restored_by'),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.checkpoint_id] }),
    index('checkpoints_project_callsign_created_idx').on(t.project_key, t.callsign, t.created_at),
    index('checkpoints_project_sortie_created_idx').on(t.project_key, t.sortie_id, t.created_at),
  ],
);

/** A row of {@link missionsTable} as read. */
export type MissionRow = typeof missionsTable.$inferSelect;
/** A row of {@link missionsTable} as inserted. */
export type NewMissionRow = typeof missionsTable.$inferInsert;
/** A row of {@link sortiesTable} as read. */
export type SortieRow = typeof sortiesTable.$inferSelect;
/** A row of {@link sortiesTable} as inserted. */
export type NewSortieRow = typeof sortiesTable.$inferInsert;
/** A row of {@link workOrdersTable} as read. */
export type WorkOrderRow = typeof workOrdersTable.$inferSelect;
/** A row of {@link workOrdersTable} as inserted. */
export type NewWorkOrderRow = typeof workOrdersTable.$inferInsert;
/** A row of {@link checkpointsTable} as read. */
export type CheckpointRow = typeof checkpointsTable.$inferSelect;
/** A row of {@link checkpointsTable} as inserted. */
export type NewCheckpointRow = typeof checkpointsTable.$inferInsert;
