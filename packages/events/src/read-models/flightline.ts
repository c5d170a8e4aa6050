import { parseProjectKey, type SortieStatus } from '@fleettools/core';
import {
  missionsTable,
  sortiesTable,
  workOrdersTable,
  type FleetDB,
  type MissionRow,
  type SortieRow,
  type WorkOrderRow,
  inTurn,
} from '@fleettools/db';
import { and, asc, eq, type SQL } from 'drizzle-orm';

import { pathListOf } from './values.js';

/** A sortie as values: `files` is the list of paths it declared (or `null`). */
export type Sortie = Omit<SortieRow, 'files'> & { readonly files: string[] | null };

/** A sortie with its work orders, oldest first. */
export type SortieWithWorkOrders = Sortie & { readonly work_orders: WorkOrderRow[] };

/** A mission with its sorties, oldest first. */
export type MissionWithSorties = MissionRow & { readonly sorties: Sortie[] };

/** Filters of {@link listSorties}; all optional, combined with AND. */
export interface SortieFilters {
  readonly status?: SortieStatus;
  readonly mission_id?: string;
  readonly assigned_to?: string;
}

/** A stored sortie row read back as values. */
function sortieOf(row: SortieRow): Sortie {
  return { ...row, files: pathListOf(row.files) };
}

/** Sorties of the project, oldest first, optionally by status, mission or assignee. */
export async function listSorties(
  db: FleetDB,
  projectKey: string,
  filters: SortieFilters = {},
): Promise<Sortie[]> {
  const conditions: SQL[] = [eq(sortiesTable.project_key, parseProjectKey(projectKey))];
  if (filters.status !== undefined) conditions.push(eq(sortiesTable.status, filters.status));
  if (filters.mission_id !== undefined) conditions.push(eq(sortiesTable.mission_id, filters.mission_id));
  if (filters.assigned_to !== undefined) conditions.push(eq(sortiesTable.assigned_to, filters.assigned_to));
  const rows = await inTurn(db, () =>
    db
      .select()
      .from(sortiesTable)
      .where(and(...conditions))
      .orderBy(asc(sortiesTable.created_at), asc(sortiesTable.sortie_id)),
  );
  return rows.map(sortieOf);
}

/** One sortie with its work orders; `null` when no such sortie exists. */
export async function getSortie(
  db: FleetDB,
  projectKey: string,
  sortieId: string,
): Promise<SortieWithWorkOrders | null> {
  const key = parseProjectKey(projectKey);
  const [sortie] = await inTurn(db, () =>
    db
      .select()
      .from(sortiesTable)
      .where(and(eq(sortiesTable.project_key, key), eq(sortiesTable.sortie_id, sortieId))),
  );
  if (sortie === undefined) return null;
  const work_orders = await inTurn(db, () =>
    db
      .select()
      .from(workOrdersTable)
      .where(and(eq(workOrdersTable.project_key, key), eq(workOrdersTable.sortie_id, sortieId)))
      .orderBy(asc(workOrdersTable.created_at), asc(workOrdersTable.work_order_id)),
  );
  return { ...sortieOf(sortie), work_orders };
}

/** One mission with its sorties; `null` when no such mission exists. */
export async function getMission(
  db: FleetDB,
  projectKey: string,
  missionId: string,
): Promise<MissionWithSorties | null> {
  const key = parseProjectKey(projectKey);
  const [mission] = await inTurn(db, () =>
    db
      .select()
      .from(missionsTable)
      .where(and(eq(missionsTable.project_key, key), eq(missionsTable.mission_id, missionId))),
  );
  if (mission === undefined) return null;
  return { ...mission, sorties: await listSorties(db, projectKey, { mission_id: missionId }) };
}
