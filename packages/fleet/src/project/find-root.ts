import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { DEFAULT_DB_FILENAME, FLEET_DIR } from '@fleettools/db';

import { NoProjectError } from './errors.js';
import { gitPlace } from './git.js';

/** The database file of a project rooted at `root`: `<root>/.fleet/fleet.db`. */
export function databaseFile(root: string): string {
  return join(root, FLEET_DIR, DEFAULT_DB_FILENAME);
}

/** True when `dir` holds a project's database. */
function isProjectRoot(dir: string): boolean {
  return existsSync(databaseFile(dir));
}

/** The nearest directory from `start` up to `stop` (inclusive; the filesystem root when absent) holding a project. */
function upward(start: string, stop?: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isProjectRoot(dir)) return dir;
    if (dir === stop || dirname(dir) === dir) return undefined;
  }
}

/**
 * Finds the project `cwd` belongs to, the way git finds `.git`: the nearest directory from `cwd` upward whose
 * `.fleet/fleet.db` exists. Inside a git worktree the search stops at the worktree's top level and continues at
 * the repository's main working tree (so every worktree of one repository shares one database), then above it.
 * Creates nothing.
 *
 * @throws {NoProjectError} when no project is found; its hint names `fleet init`.
 * @example findProjectRoot('/repo/src/deep') // '/repo' when /repo/.fleet/fleet.db exists
 */
export function findProjectRoot(cwd: string): string {
  const start = resolve(cwd);
  const git = gitPlace(start);
  const found = git === undefined ? upward(start) : (upward(start, git.worktree) ?? upward(git.mainWorktree));
  if (found === undefined) throw new NoProjectError(start);
  return found;
}

/**
 * Where `fleet init` creates a project by default: the repository's main working tree inside git (whichever
 * worktree or subdirectory it runs in), else `cwd` itself.
 */
export function defaultProjectRoot(cwd: string): string {
  const start = resolve(cwd);
  return gitPlace(start)?.mainWorktree ?? start;
}
