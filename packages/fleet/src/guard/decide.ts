import { normalizeProjectPath } from '@fleettools/core';
import type { PilotRow, ReservationRow } from '@fleettools/db';
import { isPilotLive, pathsOverlap } from '@fleettools/events';

import type { FileChange } from './changes.js';
import type { GuardBlock } from './errors.js';

/**
 * The project-relative paths a set of changes touches, each once: both sides of a rename or copy, deletions
 * included. `prefix` is where the project sits inside the repository (`''` at its root); paths outside it are
 * not the project's and are left out. A path the store could not reserve literally (a control character) is
 * kept as git names it: only a glob can hold it.
 */
export function touchedPaths(changes: readonly FileChange[], prefix = ''): string[] {
  const touched = new Set<string>();
  for (const change of changes) {
    for (const path of change.paths) {
      if (prefix !== '' && !path.startsWith(`${prefix}/`)) continue;
      const inProject = prefix === '' ? path : path.slice(prefix.length + 1);
      touched.add(storePath(inProject));
    }
  }
  return [...touched];
}

/** The path as the store normalises it, or as given when the store would refuse it. */
function storePath(path: string): string {
  try {
    return normalizeProjectPath(path);
  } catch {
    return path;
  }
}

/** What {@link findBlocks} weighs. */
export interface GuardFacts {
  /** The committing pilot; `undefined` when unknown (then every other live holder counts). */
  readonly callsign: string | undefined;
  /** Project-relative paths the change touches. */
  readonly paths: readonly string[];
  /** Active reservations (one row per reserved path), anyone's. */
  readonly reservations: readonly ReservationRow[];
  /** Every pilot of the project (liveness is judged from them at `atMs`). */
  readonly pilots: readonly PilotRow[];
  readonly atMs: number;
}

/**
 * The touched paths another live pilot holds, by the store's own rule: two reservations conflict when their
 * paths overlap (`pathsOverlap`) and either is exclusive. A commit needs a path exclusively, unless the
 * committer holds it shared itself: then only another's exclusive hold blocks. Holders that are stale (silent
 * past their TTL) or deregistered do not block; a holder that never registered counts as live.
 */
export function findBlocks(facts: GuardFacts): GuardBlock[] {
  const pilots = new Map(facts.pilots.map((pilot) => [pilot.callsign, pilot]));
  const live = (callsign: string): boolean => {
    const pilot = pilots.get(callsign);
    return pilot === undefined || (pilot.status === 'active' && isPilotLive(pilot, facts.atMs));
  };
  const mine = facts.reservations.filter((row) => row.callsign === facts.callsign);
  const others = facts.reservations.filter((row) => row.callsign !== facts.callsign && live(row.callsign));
  const blocks: GuardBlock[] = [];
  for (const path of facts.paths) {
    const held = others.filter((row) => pathsOverlap(path, row.path));
    if (held.length === 0) continue;
    const sharedByMe = mine.some((row) => row.mode === 'shared' && pathsOverlap(path, row.path));
    for (const row of held) {
      if (sharedByMe && row.mode !== 'exclusive') continue;
      blocks.push({
        path,
        holder: row.callsign,
        reservation_id: row.reservation_id,
        mode: row.mode,
        held: row.path,
        since: row.created_at,
        until: row.expires_at,
        reason: row.reason,
      });
    }
  }
  return blocks;
}
