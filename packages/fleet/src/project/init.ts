import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { closeFleetDb, createFleetDb, fleetDbReady, FLEET_DIR } from '@fleettools/db';

import { InitTargetError } from './errors.js';
import { databaseFile, defaultProjectRoot } from './find-root.js';
import { gitPlace } from './git.js';
import { ensureProjectIdentity } from './identity.js';

/** Options of {@link initProject}. */
export interface InitOptions {
  /** Where the command runs (default: the process's working directory). */
  readonly cwd?: string;
  /** The project root to create (default: the repository's main working tree, else `cwd`). */
  readonly dir?: string;
}

/** What {@link initProject} did. */
export interface InitResult {
  readonly root: string;
  readonly projectKey: string;
  /** False when the project already existed (init is idempotent). */
  readonly created: boolean;
  /** True when `.fleet/` was added to the repository's `.gitignore`. */
  readonly gitignored: boolean;
}

const IGNORE_LINE = `${FLEET_DIR}/`;

/** Adds `.fleet/` to `<root>/.gitignore` unless a line already ignores it; true when it wrote. */
function ignoreFleetDir(root: string): boolean {
  const file = join(root, '.gitignore');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines.some((line) => [FLEET_DIR, IGNORE_LINE, `/${FLEET_DIR}`, `/${IGNORE_LINE}`].includes(line)))
    return false;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  writeFileSync(file, `${text}${separator}${IGNORE_LINE}\n`);
  return true;
}

/**
 * Creates a project: `<root>/.fleet/fleet.db`, migrated, with its identity recorded, and `.fleet/` in the
 * repository's `.gitignore` (when the root is in a git repository). The root defaults to the repository's main
 * working tree, so `fleet init` in any worktree or subdirectory creates one project for the repository. Running
 * it again changes nothing; on a database made before identities it records one (adopting its events' key).
 *
 * @throws {InitTargetError} `dir` does not exist or is not a directory.
 * @example const { root, projectKey } = await initProject({ cwd: '/repo/src' }); // root '/repo'
 */
export async function initProject(options: InitOptions = {}): Promise<InitResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = options.dir === undefined ? defaultProjectRoot(cwd) : resolve(cwd, options.dir);
  if (!existsSync(root)) throw new InitTargetError(root, 'no such directory');
  if (!statSync(root).isDirectory()) throw new InitTargetError(root, 'not a directory');
  const created = !existsSync(databaseFile(root));
  mkdirSync(join(root, FLEET_DIR), { recursive: true });
  const db = createFleetDb({ projectPath: root });
  try {
    await fleetDbReady(db);
    const projectKey = await ensureProjectIdentity(db, root);
    const gitignored = gitPlace(root) !== undefined && ignoreFleetDir(root);
    return { root, projectKey, created, gitignored };
  } finally {
    await closeFleetDb(db);
  }
}
