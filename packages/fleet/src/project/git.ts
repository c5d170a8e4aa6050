import { spawnSync } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';

/** Where `cwd` sits in a git repository: its worktree's top level and the repository's main working tree. */
export interface GitPlace {
  /** The top level of the worktree holding `cwd` (`git rev-parse --show-toplevel`). */
  readonly worktree: string;
  /** The main working tree: the parent of the common `.git` directory every worktree shares. */
  readonly mainWorktree: string;
}

/**
 * Asks git where `cwd` is: the worktree's top level and the main working tree (through
 * `git rev-parse --git-common-dir`, which names the `.git` every worktree of one repository shares).
 * `undefined` outside a repository, in a bare one, or when git is not installed.
 */
export function gitPlace(cwd: string): GitPlace | undefined {
  const result = spawnSync('git', ['rev-parse', '--show-toplevel', '--git-common-dir'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // On success git prints both lines; a failure (or no git at all: status null) means "not in a repository".
  const [worktree, commonDir] = result.status === 0 ? result.stdout.split('\n') : [];
  if (worktree === undefined || commonDir === undefined) return undefined;
  const common = resolve(cwd, commonDir);
  // A repository whose common directory is not a `.git` folder (bare, or GIT_DIR elsewhere) has no main tree.
  const mainWorktree = basename(common) === '.git' ? dirname(common) : worktree;
  return { worktree: resolve(worktree), mainWorktree };
}

/** The branch checked out in the worktree of `cwd` (`git symbolic-ref --short HEAD`); `undefined` when detached. */
export function gitBranch(cwd: string): string | undefined {
  const result = spawnSync('git', ['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const branch = result.status === 0 ? result.stdout.trim() : '';
  return branch === '' ? undefined : branch;
}
