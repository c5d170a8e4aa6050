import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { runGit } from '../guard/changes.js';
import { HookInstallError } from './errors.js';
import { chainedName, HOOK_MARKER, HOOK_NAMES, hookScript, type HookName } from './script.js';

/** One hook's state: ours (and what it chains), someone else's, or none. */
export interface HookState {
  readonly hook: HookName;
  readonly path: string;
  readonly state: 'installed' | 'foreign' | 'absent';
  /** The hook ours runs first, when there is one. */
  readonly chained: string | null;
  /** Ours only reports (installed with `--warn`). */
  readonly warn: boolean;
}

/**
 * The hooks directory git uses for the repository of `cwd`: `git rev-parse --git-path hooks`, which honours
 * `core.hooksPath` and names the common directory from a linked worktree (hooks are shared by all worktrees).
 */
export function hooksDirectory(cwd: string): string {
  return resolve(cwd, runGit(cwd, ['rev-parse', '--git-path', 'hooks']).trim());
}

/** True when the file at `path` is a hook `fleet hooks install` wrote. */
function isOurs(path: string): boolean {
  return existsSync(path) && readFileSync(path, 'utf8').includes(HOOK_MARKER);
}

/** The state of each guard hook in the hooks directory of `cwd`. */
export function hooksStatus(cwd: string): HookState[] {
  const dir = hooksDirectory(cwd);
  return HOOK_NAMES.map((hook) => {
    const path = join(dir, hook);
    const chained = join(dir, chainedName(hook));
    const ours = isOurs(path);
    return {
      hook,
      path,
      state: ours ? 'installed' : existsSync(path) ? 'foreign' : 'absent',
      chained: ours && existsSync(chained) ? chained : null,
      warn: ours && readFileSync(path, 'utf8').includes(' --warn'),
    };
  });
}

/** Options of {@link installHooks}. */
export interface InstallHooksOptions {
  /** How the hook calls the `fleet` program (default `fleet`, found on PATH when git runs the hook). */
  readonly command?: string;
  /** Only report (`fleet guard --warn`). */
  readonly warn?: boolean;
}

/**
 * Installs the pre-commit and pre-push guard hooks. A hook already there that is not ours is kept as
 * `<hook>.fleet-chained` and run first by ours (its effect still happens); ours already there is rewritten.
 *
 * @throws {HookInstallError} a `<hook>.fleet-chained` is left over beside a hook that is not ours (nothing is written).
 */
export function installHooks(cwd: string, options: InstallHooksOptions = {}): HookState[] {
  const dir = hooksDirectory(cwd);
  for (const hook of HOOK_NAMES) {
    const path = join(dir, hook);
    const chained = join(dir, chainedName(hook));
    if (existsSync(path) && !isOurs(path) && existsSync(chained)) {
      throw new HookInstallError(chained, `it already exists beside a ${hook} hook that is not fleet's`);
    }
  }
  mkdirSync(dir, { recursive: true });
  for (const hook of HOOK_NAMES) {
    const path = join(dir, hook);
    if (existsSync(path) && !isOurs(path)) renameSync(path, join(dir, chainedName(hook)));
    writeFileSync(path, hookScript(hook, options.command ?? 'fleet', options.warn === true));
    chmodSync(path, 0o755);
  }
  return hooksStatus(cwd);
}

/** Removes the guard hooks and puts back any hook they chained, as it was; another's hook is left alone. */
export function uninstallHooks(cwd: string): HookState[] {
  const dir = hooksDirectory(cwd);
  for (const hook of HOOK_NAMES) {
    const path = join(dir, hook);
    if (!isOurs(path)) continue;
    rmSync(path);
    const chained = join(dir, chainedName(hook));
    if (existsSync(chained)) renameSync(chained, path);
  }
  return hooksStatus(cwd);
}
