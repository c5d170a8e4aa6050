import { randomUUID } from 'node:crypto';

import { nowIso } from '@fleettools/core';
import { projectIdentityTable, type FleetDB } from '@fleettools/db';
import { getProjectIdentity, getStoredProjectKeys } from '@fleettools/events';

import { ProjectIdentityMissingError, UnknownProjectKeyError } from './errors.js';

/** A new project key: not the path, so a moved or copied project keeps it. */
export function newProjectKey(): string {
  return `project-${randomUUID()}`;
}

/**
 * Records the project's identity if it has none yet and returns its key. A database made before identities
 * existed adopts the one key its events are stored under (so its history stays visible); a fresh one gets a
 * new key.
 */
export async function ensureProjectIdentity(db: FleetDB, root: string): Promise<string> {
  const recorded = await getProjectIdentity(db);
  if (recorded !== null) return recorded.project_key;
  const stored = await getStoredProjectKeys(db);
  const key = stored.length === 1 && stored[0] !== undefined ? stored[0] : newProjectKey();
  await db
    .insert(projectIdentityTable)
    .values({ project_key: key, created_at: nowIso(), created_root: root })
    .onConflictDoNothing();
  // Two `fleet init` at once: whichever row landed first is the identity.
  const identity = await getProjectIdentity(db);
  return identity?.project_key ?? key;
}

/**
 * The key recorded in the project's database. When `asked` is given it must be that key: a project never
 * answers a question about another key with an empty view.
 *
 * @throws {ProjectIdentityMissingError} the database has no identity (run `fleet init`).
 * @throws {UnknownProjectKeyError} `asked` is not the project's key.
 */
export async function readProjectKey(db: FleetDB, root: string, asked?: string): Promise<string> {
  const identity = await getProjectIdentity(db);
  if (identity === null) throw new ProjectIdentityMissingError(root);
  if (asked !== undefined && asked !== identity.project_key) {
    throw new UnknownProjectKeyError(asked, identity.project_key, root);
  }
  return identity.project_key;
}
