/**
 * The workspace's packages, found rather than listed: every `packages/<dir>/package.json`, checked with Zod and
 * put in dependency order (a package after the workspace packages it depends on). The build, test and pack
 * scripts and the install test all read them here, so a new package is covered without edits.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { FleetError } from '@fleettools/core';
import { z } from 'zod';

/** The repository's root directory (absolute, with a trailing slash). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));

const Dependencies = z.record(z.string(), z.string());

/** The part of a package.json these scripts read. */
const PackageJson = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  private: z.boolean().optional(),
  bin: z.union([z.string().min(1), z.record(z.string().min(1), z.string().min(1))]).optional(),
  dependencies: Dependencies.optional(),
  devDependencies: Dependencies.optional(),
  peerDependencies: Dependencies.optional(),
});

/** One workspace package. */
export interface WorkspacePackage {
  /** Its npm name, e.g. `@fleettools/core`. */
  readonly name: string;
  readonly version: string;
  /** Its directory, absolute, with a trailing slash. */
  readonly dir: string;
  /** Whether it is kept out of publishing (`"private": true`). */
  readonly private: boolean;
  /** Its executables: command name → path inside the package (a string `bin` is named after the package). */
  readonly bins: Readonly<Record<string, string>>;
  /** The names of the workspace packages it depends on (any dependency field). */
  readonly workspaceDependencies: readonly string[];
}

/** A package.json that is not what these scripts expect; the message names the file and what to fix. */
export class WorkspacePackageError extends FleetError {
  declare readonly code: 'WORKSPACE_PACKAGE_INVALID';

  constructor(file: string, problem: string) {
    super('WORKSPACE_PACKAGE_INVALID', `${file}: ${problem}; fix that package.json.`, { file, problem });
  }
}

/** Every package under `<root>/packages/`, each after the workspace packages it depends on. */
export function workspacePackages(root: string = REPOSITORY_ROOT): WorkspacePackage[] {
  const packagesDir = join(root, 'packages');
  const found = readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => readPackage(join(packagesDir, entry.name, '/')))
    .sort((a, b) => a.name.localeCompare(b.name));
  return dependencyOrder(found);
}

/** Reads and checks one package directory's package.json. */
function readPackage(dir: string): WorkspacePackage {
  const file = join(dir, 'package.json');
  const parsed = PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new WorkspacePackageError(file, z.prettifyError(parsed.error));
  const pkg = parsed.data;
  const ranges = { ...pkg.peerDependencies, ...pkg.devDependencies, ...pkg.dependencies };
  return {
    name: pkg.name,
    version: pkg.version,
    dir,
    private: pkg.private ?? false,
    bins: typeof pkg.bin === 'string' ? { [pkg.name.replace(/^@[^/]+\//, '')]: pkg.bin } : (pkg.bin ?? {}),
    workspaceDependencies: Object.keys(ranges).filter((name) => ranges[name]?.startsWith('workspace:')),
  };
}

/** Orders packages so each follows its workspace dependencies; a cycle is an error. */
function dependencyOrder(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered: WorkspacePackage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (pkg: WorkspacePackage): void => {
    if (state.get(pkg.name) === 'done') return;
    if (state.get(pkg.name) === 'visiting')
      throw new WorkspacePackageError(
        join(pkg.dir, 'package.json'),
        'its workspace dependencies form a cycle',
      );
    state.set(pkg.name, 'visiting');
    for (const name of pkg.workspaceDependencies) {
      const dependency = byName.get(name);
      if (dependency === undefined)
        throw new WorkspacePackageError(
          join(pkg.dir, 'package.json'),
          `${name} is not a package of packages/`,
        );
      visit(dependency);
    }
    state.set(pkg.name, 'done');
    ordered.push(pkg);
  };
  for (const pkg of packages) visit(pkg);
  return ordered;
}
