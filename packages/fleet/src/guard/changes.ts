import { spawnSync } from 'node:child_process';

import { GitCommandError } from './errors.js';

/** One changed file as `git diff --name-status` names it: its status letter and its path(s). */
export interface FileChange {
  /** `A`dded, `M`odified, `D`eleted, `R`enamed, `C`opied, `T`ype changed, `U`nmerged… (the score dropped). */
  readonly status: string;
  /** The path, or for a rename or copy the source then the destination: both are touched. */
  readonly paths: readonly string[];
}

/**
 * Parses the output of `git diff --name-status -z` (and `git diff-tree -r --name-status -z`): NUL-separated
 * fields, a status then one path, or two for a rename (`R100`) or copy (`C75`). Paths are taken byte for byte
 * (spaces, quotes, newlines, non-ASCII: `-z` never quotes them).
 *
 * @example parseNameStatus('M\0a b.ts\0R100\0old.ts\0new.ts\0') // [{ status: 'M', paths: ['a b.ts'] }, { status: 'R', paths: ['old.ts', 'new.ts'] }]
 */
export function parseNameStatus(output: string): FileChange[] {
  const fields = output.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < fields.length;) {
    const field = fields[i] ?? '';
    if (field === '') {
      i += 1;
      continue;
    }
    const status = field.charAt(0);
    const count = status === 'R' || status === 'C' ? 2 : 1;
    const paths = fields.slice(i + 1, i + 1 + count);
    if (paths.length !== count || paths.some((path) => path === '')) {
      throw new GitCommandError(['diff', '--name-status', '-z'], `a '${field}' entry without its path`);
    }
    changes.push({ status, paths });
    i += 1 + count;
  }
  return changes;
}

/** Runs git in `cwd` and returns its standard output; a failure is a {@link GitCommandError}. */
export function runGit(cwd: string, args: readonly string[], input?: string): string {
  const result = spawnSync('git', [...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });
  if (result.status !== 0) {
    const why = result.error?.message ?? (result.stderr.trim() || `exit code ${String(result.status)}`);
    throw new GitCommandError(args, why);
  }
  return result.stdout;
}

/** What is staged for the next commit in the worktree of `cwd`: renames detected, deletions included. */
export function stagedChanges(cwd: string): FileChange[] {
  return parseNameStatus(
    runGit(cwd, ['diff', '--cached', '--name-status', '-z', '-M', '-C', '--no-ext-diff']),
  );
}

/** The files one commit changes against its first parent (every file of a root commit). */
export function commitChanges(cwd: string, commit: string): FileChange[] {
  return parseNameStatus(
    runGit(cwd, ['diff-tree', '-r', '-z', '--name-status', '-M', '-C', '--root', '--no-commit-id', commit]),
  );
}
