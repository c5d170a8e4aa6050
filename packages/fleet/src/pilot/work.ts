import {
  generateMissionId,
  generateSortieId,
  generateWorkOrderId,
  type SortieStatus,
} from '@fleettools/core';
import {
  getDependencyGraph,
  getMission,
  getSortie,
  listSorties,
  sortiesByPilot,
  sortiesByStatus,
  type DependencyGraph,
  type EventOf,
  type MissionWithSorties,
  type Sortie,
  type SortieWithWorkOrders,
} from '@fleettools/events';

import { NotFoundError } from '../errors.js';
import type { PilotScope } from './scope.js';

/** A new mission. */
export interface MissionInput {
  readonly title: string;
  readonly description?: string;
}

/** A new sortie. */
export interface SortieInput {
  readonly title: string;
  readonly missionId?: string;
  readonly description?: string;
  /** Project-relative paths the sortie will touch. */
  readonly files?: readonly string[];
  /** Sorties that must be completed before this one is ready. */
  readonly dependsOn?: readonly string[];
  /** 0 (most urgent) to 4; 2 when absent. */
  readonly priority?: number;
}

/** A pilot's missions: create, start, complete, cancel, get. */
export class Missions {
  constructor(private readonly scope: PilotScope) {}

  /** Creates a mission (this pilot as its creator); returns the stored `mission_created`. */
  create(input: MissionInput): Promise<EventOf<'mission_created'>> {
    return this.scope.emit('mission_created', {
      mission_id: generateMissionId(),
      title: input.title,
      created_by: this.scope.callsign,
      ...(input.description === undefined ? {} : { description: input.description }),
    });
  }

  /** Starts a mission. */
  start(missionId: string): Promise<EventOf<'mission_started'>> {
    return this.scope.emit('mission_started', { mission_id: missionId, callsign: this.scope.callsign });
  }

  /** Completes a mission. */
  complete(missionId: string, summary?: string): Promise<EventOf<'mission_completed'>> {
    return this.scope.emit('mission_completed', {
      mission_id: missionId,
      ...(summary === undefined ? {} : { summary }),
    });
  }

  /** Cancels a mission. */
  cancel(missionId: string, reason: string): Promise<EventOf<'mission_cancelled'>> {
    return this.scope.emit('mission_cancelled', { mission_id: missionId, reason });
  }

  /** A mission with its sorties. */
  async get(missionId: string): Promise<MissionWithSorties> {
    const found = await getMission(this.scope.db, this.scope.projectKey, missionId);
    if (found === null) throw new NotFoundError('mission', missionId, 'the project');
    return found;
  }
}

/**
 * A pilot's sorties: create (with dependencies and priority), depend on more, assign, start, progress, block,
 * resume, complete, fail, get, list, the dependency graph, by status and by pilot.
 */
export class Sorties {
  constructor(private readonly scope: PilotScope) {}

  /** Creates a sortie; returns the stored `sortie_created`. */
  create(input: SortieInput): Promise<EventOf<'sortie_created'>> {
    return this.scope.emit('sortie_created', {
      sortie_id: generateSortieId(),
      title: input.title,
      ...(input.missionId === undefined ? {} : { mission_id: input.missionId }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.files === undefined ? {} : { files: [...input.files] }),
      ...(input.dependsOn === undefined ? {} : { depends_on: [...input.dependsOn] }),
      ...(input.priority === undefined ? {} : { priority: input.priority }),
    });
  }

  /** Makes the sortie also wait for `dependsOn` (refused when that would close a cycle). */
  dependOn(sortieId: string, dependsOn: readonly string[]): Promise<EventOf<'sortie_dependency_added'>> {
    return this.scope.emit('sortie_dependency_added', {
      sortie_id: sortieId,
      depends_on: [...dependsOn],
      callsign: this.scope.callsign,
    });
  }

  /** Gives a pending sortie to `callsign` (this pilot decides it); only that pilot then claims or starts it. */
  assign(sortieId: string, callsign: string): Promise<EventOf<'sortie_assigned'>> {
    return this.scope.emit('sortie_assigned', {
      sortie_id: sortieId,
      callsign,
      assigned_by: this.scope.callsign,
    });
  }

  /** This pilot starts the sortie (it becomes its assignee). */
  start(sortieId: string): Promise<EventOf<'sortie_started'>> {
    return this.scope.emit('sortie_started', { sortie_id: sortieId, callsign: this.scope.callsign });
  }

  /** Reports progress, 0–100. */
  progress(sortieId: string, progress: number, note?: string): Promise<EventOf<'sortie_progress'>> {
    return this.scope.emit('sortie_progress', {
      sortie_id: sortieId,
      callsign: this.scope.callsign,
      progress,
      ...(note === undefined ? {} : { note }),
    });
  }

  /** Marks the sortie blocked, saying why. */
  block(sortieId: string, reason: string): Promise<EventOf<'sortie_blocked'>> {
    return this.scope.emit('sortie_blocked', { sortie_id: sortieId, callsign: this.scope.callsign, reason });
  }

  /** Resumes a blocked sortie (or takes one over after recovering a checkpoint). */
  resume(sortieId: string): Promise<EventOf<'sortie_resumed'>> {
    return this.scope.emit('sortie_resumed', { sortie_id: sortieId, callsign: this.scope.callsign });
  }

  /** Completes the sortie. */
  complete(sortieId: string, summary?: string): Promise<EventOf<'sortie_completed'>> {
    return this.scope.emit('sortie_completed', {
      sortie_id: sortieId,
      callsign: this.scope.callsign,
      ...(summary === undefined ? {} : { summary }),
    });
  }

  /** Fails the sortie, saying why. */
  fail(sortieId: string, reason: string): Promise<EventOf<'sortie_failed'>> {
    return this.scope.emit('sortie_failed', { sortie_id: sortieId, callsign: this.scope.callsign, reason });
  }

  /** One sortie with its work orders. */
  async get(sortieId: string): Promise<SortieWithWorkOrders> {
    const found = await getSortie(this.scope.db, this.scope.projectKey, sortieId);
    if (found === null) throw new NotFoundError('sortie', sortieId, 'the project');
    return found;
  }

  /** Sorties of the project, oldest first, optionally by status, mission and assignee. */
  list(
    filter: {
      readonly status?: SortieStatus;
      readonly missionId?: string;
      readonly assignedTo?: string;
    } = {},
  ): Promise<Sortie[]> {
    return listSorties(this.scope.db, this.scope.projectKey, {
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.missionId === undefined ? {} : { mission_id: filter.missionId }),
      ...(filter.assignedTo === undefined ? {} : { assigned_to: filter.assignedTo }),
    });
  }

  /** A mission's dependency graph: its sorties with what each waits for and whether it is ready, and the edges. */
  graph(missionId: string): Promise<DependencyGraph> {
    return getDependencyGraph(this.scope.db, this.scope.projectKey, missionId);
  }

  /** Sorties grouped by status (of a mission, or of the project). */
  byStatus(missionId?: string): Promise<Record<SortieStatus, Sortie[]>> {
    return sortiesByStatus(this.scope.db, this.scope.projectKey, missionId);
  }

  /** Assigned sorties grouped by assignee (of a mission, or of the project). */
  byPilot(missionId?: string): Promise<Record<string, Sortie[]>> {
    return sortiesByPilot(this.scope.db, this.scope.projectKey, missionId);
  }
}

/** A pilot's work orders (steps of a sortie): create (with dependencies), depend on more, start, complete, fail. */
export class WorkOrders {
  constructor(private readonly scope: PilotScope) {}

  /** Creates a work order in a sortie; it starts only once the work orders of `dependsOn` are completed. */
  create(
    sortieId: string,
    title: string,
    description?: string,
    dependsOn?: readonly string[],
  ): Promise<EventOf<'work_order_created'>> {
    return this.scope.emit('work_order_created', {
      work_order_id: generateWorkOrderId(),
      sortie_id: sortieId,
      title,
      ...(description === undefined ? {} : { description }),
      ...(dependsOn === undefined ? {} : { depends_on: [...dependsOn] }),
    });
  }

  /** Makes the work order also wait for `dependsOn` (refused when that would close a cycle). */
  dependOn(
    workOrderId: string,
    dependsOn: readonly string[],
  ): Promise<EventOf<'work_order_dependency_added'>> {
    return this.scope.emit('work_order_dependency_added', {
      work_order_id: workOrderId,
      depends_on: [...dependsOn],
      callsign: this.scope.callsign,
    });
  }

  /** This pilot starts the work order. */
  start(workOrderId: string): Promise<EventOf<'work_order_started'>> {
    return this.scope.emit('work_order_started', {
      work_order_id: workOrderId,
      callsign: this.scope.callsign,
    });
  }

  /** Completes the work order. */
  complete(workOrderId: string, result?: string): Promise<EventOf<'work_order_completed'>> {
    return this.scope.emit('work_order_completed', {
      work_order_id: workOrderId,
      callsign: this.scope.callsign,
      ...(result === undefined ? {} : { result }),
    });
  }

  /** Fails the work order, saying why. */
  fail(workOrderId: string, reason: string): Promise<EventOf<'work_order_failed'>> {
    return this.scope.emit('work_order_failed', {
      work_order_id: workOrderId,
      callsign: this.scope.callsign,
      reason,
    });
  }
}
