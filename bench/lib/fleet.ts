import { join } from 'node:path';

import {
  closeFleetDb,
  createFleetDb,
  fleetDbReady,
  type FleetDB,
  type SynchronousMode,
} from '@fleettools/db';
import { EventStore } from '@fleettools/events';

import { PROJECT, workloadEvent, workloadPrologue } from './events.js';
import type { Recorder } from './scenario.js';

/** An open FleetTools project database and its event store. */
export interface FleetProject {
  /** The project's root directory (the database is `<dir>/.fleet/fleet.db`). */
  readonly dir: string;
  /** The database file. */
  readonly file: string;
  readonly db: FleetDB;
  readonly store: EventStore;
}

/** Creates a new project directory and opens (creates, migrates) its database, ready. */
export async function openProject(
  recorder: Recorder,
  prefix: string,
  synchronous: SynchronousMode = 'normal',
): Promise<FleetProject> {
  return openProjectAt(recorder.dir(prefix), synchronous);
}

/** Opens (creating and migrating if needed) the database of the project at `dir`, ready. */
export async function openProjectAt(
  dir: string,
  synchronous: SynchronousMode = 'normal',
): Promise<FleetProject> {
  const db = createFleetDb({ projectPath: dir, synchronous });
  await fleetDbReady(db);
  return { dir, file: join(dir, '.fleet', 'fleet.db'), db, store: EventStore.fromDb(db) };
}

/** Closes a project opened by {@link openProject}. */
export async function closeProject(project: FleetProject): Promise<void> {
  await closeFleetDb(project.db);
}

/** What {@link seedWorkload} wrote. */
export interface Seeded {
  /** Events stored (prologue included). */
  readonly events: number;
  /** Timestamp, in ms, of workload event 0 (event `i` is at `startMs + i`). */
  readonly startMs: number;
}

/**
 * Appends the prologue and `count` workload events through `appendMany`, 1,000 at a time (the store's own
 * path, so the projections are live). Timestamps end about now, so seeded reservations are still active.
 */
export async function seedWorkload(store: EventStore, count: number): Promise<Seeded> {
  const startMs = Date.now() - count - 1000;
  const prologue = workloadPrologue(startMs);
  await store.appendMany(prologue, PROJECT);
  for (let first = 0; first < count; first += 1000) {
    const chunk = Array.from({ length: Math.min(1000, count - first) }, (_, k) =>
      workloadEvent(first + k, startMs),
    );
    await store.appendMany(chunk, PROJECT);
  }
  return { events: prologue.length + count, startMs };
}
