import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The project's identity, written once by `fleet init` when the database is created: the key every event of
 * the project is stored under, when it was created and where its root was then. The key is not the path, so a
 * moved or copied project still finds its own events; `created_root` is only a record.
 */
export const projectIdentityTable = sqliteTable('project_identity', {
  project_key: text('project_key').primaryKey(),
  created_at: text('created_at').notNull(),
  created_root: text('created_root').notNull(),
});

/** A row of {@link projectIdentityTable} as read. */
export type ProjectIdentityRow = typeof projectIdentityTable.$inferSelect;
