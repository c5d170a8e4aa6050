import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { closeFleetDb, createFleetDb, DEFAULT_DB_FILENAME, FLEET_DIR, type FleetDB } from '@fleettools/db';

import { EventStore } from '../index.js';
import { CliFailure, type CliIo } from './io.js';

/** The project a command works on: its directory, its key (the absolute path by convention) and its store. */
export interface OpenProject {
  readonly dir: string;
  readonly projectKey: string;
  readonly db: FleetDB;
  readonly store: EventStore;
}

/** Where a command's project is, from `--project` (default: the working directory) and `--project-key`. */
export interface ProjectOptions {
  readonly project?: string | undefined;
  readonly 'project-key'?: string | undefined;
}

/**
 * Opens the project's `.fleet/fleet.db`. Reading commands (`create: false`) refuse a project without a
 * database rather than create an empty one; `fleet append` creates it. The key defaults to the project's
 * absolute path, the convention every FleetTools pilot follows.
 */
export function openProject(
  io: CliIo,
  options: ProjectOptions,
  { create }: { readonly create: boolean },
): OpenProject {
  const dir = resolve(io.cwd, options.project ?? '.');
  const file = join(dir, FLEET_DIR, DEFAULT_DB_FILENAME);
  if (!create && !existsSync(file)) {
    throw new CliFailure(
      'NO_FLEET_DB',
      `no FleetTools database at ${file} (run inside a project, or pass --project DIR)`,
    );
  }
  const db = createFleetDb({ projectPath: dir });
  return { dir, projectKey: options['project-key'] ?? dir, db, store: EventStore.fromDb(db) };
}

/** Runs `work` on the opened project and always closes its database. */
export async function withProject<T>(
  io: CliIo,
  options: ProjectOptions,
  mode: { readonly create: boolean },
  work: (project: OpenProject) => Promise<T>,
): Promise<T> {
  const project = openProject(io, options, mode);
  try {
    return await work(project);
  } finally {
    await closeFleetDb(project.db);
  }
}
