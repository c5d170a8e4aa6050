import { resolve } from 'node:path';

import { closeFleetDb, createFleetDb, fleetDbReady, type FleetDB } from '@fleettools/db';

import { findProjectRoot } from './find-root.js';
import { readProjectKey } from './identity.js';

/** An opened project: its root, its key (read from its database) and the database. */
export interface OpenedProject {
  readonly root: string;
  readonly projectKey: string;
  readonly db: FleetDB;
}

/** Options of {@link openProject}. */
export interface OpenProjectOptions {
  /** Where to start looking (default: the process's working directory). */
  readonly cwd?: string;
  /** The key the caller expects; a different one is an `UNKNOWN_PROJECT_KEY` error. */
  readonly projectKey?: string;
}

/**
 * Finds the project from `cwd` (see `findProjectRoot`) and opens its existing database; never creates one.
 *
 * @throws {NoProjectError} no project at or above `cwd`.
 * @throws {ProjectIdentityMissingError} the database records no identity.
 * @throws {UnknownProjectKeyError} `projectKey` is not the project's.
 */
export async function openProject(options: OpenProjectOptions = {}): Promise<OpenedProject> {
  const root = findProjectRoot(resolve(options.cwd ?? process.cwd()));
  const db = createFleetDb({ projectPath: root });
  try {
    await fleetDbReady(db);
    return { root, projectKey: await readProjectKey(db, root, options.projectKey), db };
  } catch (error) {
    await closeFleetDb(db);
    throw error;
  }
}
