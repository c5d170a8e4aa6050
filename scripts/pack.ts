/**
 * Packs every public workspace package the way `bun publish` publishes it: `bun pm pack` runs the package's
 * `prepack` (its build) and rewrites each `workspace:` range to the version it points at, so npm, pnpm and
 * yarn can install the tarballs (`npm pack` keeps `workspace:*`, which npm then refuses).
 *
 * Usage: `bun run pack [DESTINATION]` (default `dist/packs/` at the repository root). Prints one tarball path
 * per line, dependencies first; publish them in that order with `bun publish <tarball>`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { FleetError } from '@fleettools/core';

import { runProcess } from './run-process.js';
import { REPOSITORY_ROOT, workspacePackages, type WorkspacePackage } from './workspace-packages.js';

/** One packed package and where its tarball was written. */
export interface PackedPackage {
  readonly pkg: WorkspacePackage;
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
}

/** `bun pm pack` failed for a package; the message carries its output. */
export class PackError extends FleetError {
  declare readonly code: 'PACK_FAILED';

  constructor(name: string, exitCode: number, output: string) {
    super(
      'PACK_FAILED',
      `bun pm pack of ${name} exited with code ${exitCode}; fix what it printed, then run bun run pack again:\n${output}`,
      { name, exitCode },
    );
  }
}

/** The tarball name `bun pm pack` gives a package: `@scope/name` 1.2.3 → `scope-name-1.2.3.tgz`. */
export function tarballName(pkg: Pick<WorkspacePackage, 'name' | 'version'>): string {
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
}

/** Packs every package that is not private into `destination` (created if missing), dependencies first. */
export async function packWorkspace(destination: string): Promise<PackedPackage[]> {
  mkdirSync(destination, { recursive: true });
  const packed: PackedPackage[] = [];
  for (const pkg of workspacePackages().filter((candidate) => !candidate.private)) {
    const { exitCode, stdout, stderr } = await runProcess(
      ['bun', 'pm', 'pack', '--destination', destination, '--quiet'],
      { cwd: pkg.dir },
    );
    const tarball = join(destination, tarballName(pkg));
    if (exitCode !== 0 || !existsSync(tarball)) throw new PackError(pkg.name, exitCode, `${stdout}${stderr}`);
    packed.push({ pkg, tarball });
  }
  return packed;
}

if (import.meta.main) {
  const destination = resolve(process.argv[2] ?? join(REPOSITORY_ROOT, 'dist', 'packs'));
  for (const { tarball } of await packWorkspace(destination)) console.log(tarball);
}
