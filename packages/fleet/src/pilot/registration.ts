import type { PilotFields } from './scope.js';
import { gitPlace, gitBranch } from '../project/git.js';

/** Options of `fleet.register` (and of the MCP `register` tool). */
export interface RegisterOptions {
  readonly callsign: string;
  readonly program?: string;
  readonly model?: string;
  /** What the pilot is doing, in words. */
  readonly task?: string;
  /** How long the pilot stays live without a heartbeat, in ms (default five minutes). */
  readonly ttlMs?: number;
  /** Heartbeat period in ms (default a third of the TTL); 0 sends none. */
  readonly heartbeatMs?: number;
  /**
   * The git working tree the pilot works in (absolute path). Default: the one holding the directory the fleet
   * was opened from; none outside a repository.
   */
  readonly worktree?: string;
  /** The branch it works on. Default: the branch checked out in that worktree; none when detached. */
  readonly branch?: string;
}

/** How long a pilot stays live without a heartbeat unless it says otherwise: five minutes. */
export const DEFAULT_PILOT_TTL_MS = 5 * 60_000;

/**
 * The fields of the `pilot_registered` event for `options`, the worktree and branch found by git from `cwd`
 * where the options do not give them.
 */
export function registrationFields(options: RegisterOptions, cwd: string): PilotFields<'pilot_registered'> {
  const worktree = options.worktree ?? gitPlace(cwd)?.worktree;
  const branch = options.branch ?? (worktree === undefined ? undefined : gitBranch(worktree));
  return {
    callsign: options.callsign,
    ttl_ms: options.ttlMs ?? DEFAULT_PILOT_TTL_MS,
    ...(options.program === undefined ? {} : { program: options.program }),
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.task === undefined ? {} : { task_description: options.task }),
    ...(worktree === undefined ? {} : { worktree }),
    ...(branch === undefined ? {} : { branch }),
  };
}
