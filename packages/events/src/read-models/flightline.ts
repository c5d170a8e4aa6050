import { parseProjectKey } from '@fleettools/core';
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
import { and, asc, eq } from 'drizzle-orm';

/** A sortie with its work orders, oldest first. */
export type SortieWithWorkOrders = SortieRow & { readonly work_orders: WorkOrderRow[] };

/** A mission with its sorties, oldest first. */
export type MissionWithSorties = MissionRow & { readonly sorties: SortieRow[] };

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
  return { ...sortie, work_orders };
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
  const sorties = await inTurn(db, () =>
    db
      .select()
      .from(sortiesTable)
      .where(and(eq(sortiesTable.project_key, key), eq(sortiesTable.mission_id, missionId)))
      .orderBy(asc(sortiesTable.created_at), asc(sortiesTable.sortie_id)),
  );
  return { ...mission, sorties };
}
