import { relative, sep } from 'node:path';

import { getActiveReservations, listPilots } from '@fleettools/events';

import type { Fleet } from '../fleet.js';
import { gitPlace } from '../project/git.js';
import { stagedChanges, type FileChange } from './changes.js';
import { findBlocks, touchedPaths } from './decide.js';
import type { GuardBlock } from './errors.js';
import { parsePushLines, pushedChanges } from './pushed.js';

/** What the guard checks: the staged changes (pre-commit) or the commits being pushed (pre-push). */
export type GuardSource = { readonly kind: 'staged' } | { readonly kind: 'push'; readonly input: string };

/** What {@link checkChanges} found. */
export interface GuardResult {
  /** The committing pilot, or `undefined` when unknown. */
  readonly callsign: string | undefined;
  /** Every project-relative path the change touches. */
  readonly paths: string[];
  /** The touched paths other live pilots hold; empty when the commit may go ahead. */
  readonly blocks: GuardBlock[];
}

/**
 * Checks what a commit or push changes in the worktree of `cwd` against the project's active reservations. It
 * only reads: a guard run appends nothing to the log.
 */
export async function checkChanges(
  fleet: Fleet,
  cwd: string,
  source: GuardSource,
  callsign: string | undefined,
  at: Date,
): Promise<GuardResult> {
  const changes: FileChange[] =
    source.kind === 'staged' ? stagedChanges(cwd) : pushedChanges(cwd, parsePushLines(source.input));
  const paths = touchedPaths(changes, projectPrefix(fleet.root, cwd));
  if (paths.length === 0) return { callsign, paths, blocks: [] };
  const [reservations, pilots] = await Promise.all([
    getActiveReservations(fleet.db, fleet.projectKey, { at }),
    listPilots(fleet.db, fleet.projectKey),
  ]);
  const blocks = findBlocks({ callsign, paths, reservations, pilots, atMs: at.getTime() });
  return { callsign, paths, blocks };
}

/** Where the project root sits inside the repository of `cwd` (`''` at its top level), as git names paths. */
function projectPrefix(root: string, cwd: string): string {
  const place = gitPlace(cwd);
  if (place === undefined) return '';
  const prefix = relative(place.mainWorktree, root).split(sep).join('/');
  return prefix.startsWith('..') ? '' : prefix;
}
