import { z } from 'zod';

import { commitChanges, runGit, type FileChange } from './changes.js';
import { GuardInputError } from './errors.js';

/** One line git gives a pre-push hook on standard input. */
export interface PushedRef {
  readonly localRef: string;
  readonly localSha: string;
  readonly remoteRef: string;
  readonly remoteSha: string;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const ZERO = /^0+$/;

const PushLine = z.tuple([
  z.string().min(1),
  z.string().regex(SHA),
  z.string().min(1),
  z.string().regex(SHA),
]);

/**
 * Parses a pre-push hook's standard input: one `<local ref> <local sha> <remote ref> <remote sha>` line per
 * ref being pushed (blank lines are ignored).
 *
 * @throws {GuardInputError} a line that is not four such fields.
 */
export function parsePushLines(input: string): PushedRef[] {
  return input
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = PushLine.safeParse(line.trim().split(/\s+/));
      if (!parsed.success) {
        throw new GuardInputError(`a pre-push line is not '<local ref> <sha> <remote ref> <sha>': '${line}'`);
      }
      const [localRef, localSha, remoteRef, remoteSha] = parsed.data;
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

/** Whether the repository has `sha` (a remote's tip we never fetched is unknown here). */
function hasCommit(cwd: string, sha: string): boolean {
  try {
    runGit(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The changes of every commit a push sends: for each ref, the commits of `localSha` the remote does not have
 * (`remoteSha..localSha`; for a new branch, or a remote tip this repository has not fetched, those on no
 * remote-tracking branch). A deleted ref sends none.
 */
export function pushedChanges(cwd: string, refs: readonly PushedRef[]): FileChange[] {
  const commits = new Set<string>();
  for (const ref of refs) {
    if (ZERO.test(ref.localSha)) continue;
    const range =
      ZERO.test(ref.remoteSha) || !hasCommit(cwd, ref.remoteSha)
        ? [ref.localSha, '--not', '--remotes']
        : [ref.localSha, `^${ref.remoteSha}`];
    for (const commit of runGit(cwd, ['rev-list', ...range]).split('\n')) {
      if (commit !== '') commits.add(commit);
    }
  }
  return [...commits].flatMap((commit) => commitChanges(cwd, commit));
}
