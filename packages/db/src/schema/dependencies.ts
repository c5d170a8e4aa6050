import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What a dependency links: a sortie to sorties, or a work order to work orders. */
export const DEPENDENCY_KIND = { SORTIE: 'sortie', WORK_ORDER: 'work_order' } as const;
/** One of {@link DEPENDENCY_KIND}. */
export type DependencyKind = (typeof DEPENDENCY_KIND)[keyof typeof DEPENDENCY_KIND];

/**
 * Which sortie (or work order) waits for which: one row per edge, `item_id` depends on `depends_on` (both of
 * `kind`). Fed by `sortie_created`, `work_order_created` (their `depends_on`) and `*_dependency_added`.
 */
export const dependenciesTable = sqliteTable(
  'dependencies',
  {
    project_key: text('project_key').notNull(),
    kind: text('kind').$type<DependencyKind>().notNull(),
    item_id: text('item_id').notNull(),
    depends_on: text('depends_on').notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.project_key, t.kind, t.item_id, t.depends_on] }),
    index('dependencies_project_target_idx').on(t.project_key, t.kind, t.depends_on),
  ],
);

/** A row of {@link dependenciesTable} as read. */
export type DependencyRow = typeof dependenciesTable.$inferSelect;
/** A row of {@link dependenciesTable} as inserted. */
export type NewDependencyRow = typeof dependenciesTable.$inferInsert;
