import { parseProjectKey, SORTIE_STATUS, type SortieStatus } from '@fleettools/core';
import { DEPENDENCY_KIND, dependenciesTable, inTurn, type FleetDB } from '@fleettools/db';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';

import { readerOf } from '../coordination/reader.js';
import { readySortieIds } from '../coordination/readiness.js';
import { parseOptions } from '../log/query-options.js';
import { MissionIdField } from '../types/index.js';
import { listSorties, type Sortie } from './flightline.js';

/** Options of {@link listReadySorties}. */
export interface ReadyOptions {
  /** Only this mission's sorties (default: the whole project). */
  readonly mission_id?: string;
  /** At most this many (default 100, at most 10,000). */
  readonly limit?: number;
}

const ReadyOptionsSchema = z.strictObject({
  mission_id: MissionIdField.optional(),
  limit: z.int().min(1).max(10_000).optional(),
});

/**
 * The ready sorties, the most urgent first (priority 0 first, then the oldest): pending, assigned to nobody,
 * every dependency completed. What `claim` would take, in the order it would take them.
 *
 * @throws {OptionsValidationError} an option is not valid.
 */
export async function listReadySorties(
  db: FleetDB,
  projectKey: string,
  options: ReadyOptions = {},
): Promise<Sortie[]> {
  const key = parseProjectKey(projectKey);
  const { mission_id, limit } = parseOptions('listReadySorties', ReadyOptionsSchema, options);
  const ids = await readySortieIds(readerOf(db.$client), key, { mission_id }, limit ?? 100);
  const sorties = new Map(
    (await listSorties(db, key, mission_id === undefined ? {} : { mission_id })).map((s) => [s.sortie_id, s]),
  );
  return ids.map((id) => sorties.get(id)).filter((sortie) => sortie !== undefined);
}

/** A sortie in a dependency graph: the sortie, what it waits for, and whether it is ready. */
export type GraphSortie = Sortie & { readonly depends_on: string[]; readonly ready: boolean };

/** A mission's sorties and the dependencies between them (`edges`: `sortie_id` waits for `depends_on`). */
export interface DependencyGraph {
  readonly mission_id: string;
  readonly sorties: GraphSortie[];
  readonly edges: { readonly sortie_id: string; readonly depends_on: string }[];
}

/**
 * A mission's dependency graph: its sorties (oldest first), each with the sorties it waits for and whether
 * it is ready, and every edge from one of them (an edge may lead to a sortie of another mission).
 */
export async function getDependencyGraph(
  db: FleetDB,
  projectKey: string,
  missionId: string,
): Promise<DependencyGraph> {
  const key = parseProjectKey(projectKey);
  const mission = parseOptions('getDependencyGraph', MissionIdField, missionId);
  const sorties = await listSorties(db, key, { mission_id: mission });
  const ready = new Set(
    await readySortieIds(readerOf(db.$client), key, { mission_id: mission }, sorties.length + 1),
  );
  const inMission = new Set(sorties.map((s) => s.sortie_id));
  const rows = await inTurn(db, () =>
    db
      .select({ sortie_id: dependenciesTable.item_id, depends_on: dependenciesTable.depends_on })
      .from(dependenciesTable)
      .where(and(eq(dependenciesTable.project_key, key), eq(dependenciesTable.kind, DEPENDENCY_KIND.SORTIE)))
      .orderBy(asc(dependenciesTable.item_id), asc(dependenciesTable.depends_on)),
  );
  const edges = rows.filter((edge) => inMission.has(edge.sortie_id));
  return {
    mission_id: mission,
    sorties: sorties.map((s) => ({
      ...s,
      depends_on: edges.filter((e) => e.sortie_id === s.sortie_id).map((e) => e.depends_on),
      ready: ready.has(s.sortie_id),
    })),
    edges,
  };
}

/** Sorties grouped by status (every status present, oldest first in each), of a mission or the project. */
export async function sortiesByStatus(
  db: FleetDB,
  projectKey: string,
  missionId?: string,
): Promise<Record<SortieStatus, Sortie[]>> {
  const groups = Object.fromEntries(Object.values(SORTIE_STATUS).map((s) => [s, [] as Sortie[]])) as Record<
    SortieStatus,
    Sortie[]
  >;
  const sorties = await listSorties(db, projectKey, missionId === undefined ? {} : { mission_id: missionId });
  for (const sortie of sorties) groups[sortie.status].push(sortie);
  return groups;
}

/** The assigned sorties grouped by assignee (callsigns in order, oldest first in each), of a mission or the project. */
export async function sortiesByPilot(
  db: FleetDB,
  projectKey: string,
  missionId?: string,
): Promise<Record<string, Sortie[]>> {
  const groups: Record<string, Sortie[]> = {};
  const sorties = await listSorties(db, projectKey, missionId === undefined ? {} : { mission_id: missionId });
  for (const sortie of sorties.sort((a, b) => (a.assigned_to ?? '').localeCompare(b.assigned_to ?? ''))) {
    if (sortie.assigned_to === null) continue;
    (groups[sortie.assigned_to] ??= []).push(sortie);
  }
  return groups;
}
