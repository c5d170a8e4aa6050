import type { SqlValue } from '@fleettools/db';

import type { EventOf, FleetEventType } from '../types/index.js';

/** The projection tables, each a materialised view of the events of a project. */
export const PROJECTION_TABLES = [
  'pilots',
  'threads',
  'messages',
  'message_recipients',
  'message_search',
  'missions',
  'sorties',
  'dependencies',
  'work_orders',
  'checkpoints',
  'reservations',
  'locks',
  'cursors',
] as const;

/** One of {@link PROJECTION_TABLES}. */
export type ProjectionTable = (typeof PROJECTION_TABLES)[number];

/**
 * One SQL statement a projection derives from an event: which table it changes, the SQL (numbered
 * parameters `?1`, `?2`…) and its arguments. Statements are data, so the store can run them inside the
 * same atomic write as the event, and replay can run the very same ones.
 */
export interface ProjectionStatement {
  readonly table: ProjectionTable;
  readonly sql: string;
  readonly args: SqlValue[];
  /**
   * Set only on a statement that overwrites columns of one row of its table (or of the rows sharing one key,
   * like a reservation's paths) with the values it carries: a heartbeat, a progress report, a renewal, a
   * cursor position. It reads none of the rows' current values, and its WHERE clause does not depend on the
   * columns it sets. The value names those rows (see {@link rowOf}); the statements of one table that set it
   * name rows the same way, so two different names never cover one row. A later statement with the same SQL
   * and the same name leaves the rows exactly as if both had run, which lets a replay skip the earlier one
   * (see `withoutSupersededWrites`).
   */
  readonly overwrites?: string;
}

/** A pure function from one event type to the statements that bring its projections up to date. */
export type Projector<T extends FleetEventType> = (event: EventOf<T>) => readonly ProjectionStatement[];

/** The projectors of one family of event types. */
export type ProjectorsOf<T extends FleetEventType> = { readonly [K in T]: Projector<K> };

/** `value`, or `null` where it is absent: SQLite has no `undefined`. */
export function orNull<T extends SqlValue>(value: T | undefined): T | null {
  return value ?? null;
}

/** JSON text of `value`, or `null` where it is absent. */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Declares a family's projectors; the compiler checks each one against its event type. */
export function projectors<T extends FleetEventType>(table: ProjectorsOf<T>): ProjectorsOf<T> {
  return table;
}

/** The name of a projection row for {@link ProjectionStatement.overwrites}: its primary key's values. */
export function rowOf(...key: readonly string[]): string {
  return JSON.stringify(key);
}
