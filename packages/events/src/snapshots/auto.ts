import type { FleetDB, SqlConnection } from '@fleettools/db';

import { takeSnapshotOn, type SnapshotInfo } from './take.js';

/** Events between two automatic snapshots of a project, unless configured otherwise. */
export const DEFAULT_SNAPSHOT_EVERY = 10_000;

/** How automatic snapshots behave on one database (see {@link configureSnapshots}). */
export interface SnapshotPolicy {
  /** A snapshot is taken each time a project's sequence crosses a multiple of this; 0 turns them off. */
  readonly every: number;
  /** Told about every automatic snapshot taken (for logs and tests). */
  readonly onSnapshot?: (info: SnapshotInfo) => void;
  /** Told when an automatic snapshot failed; the append that triggered it has already succeeded. */
  readonly onError?: (error: unknown) => void;
}

interface ClientState {
  policy: SnapshotPolicy;
  /** Projects with a snapshot queued or running, so a burst of appends starts one, not many. */
  readonly running: Set<string>;
}

const states = new WeakMap<SqlConnection, ClientState>();

function stateOf(client: SqlConnection): ClientState {
  let state = states.get(client);
  if (state === undefined) {
    state = { policy: { every: DEFAULT_SNAPSHOT_EVERY }, running: new Set() };
    states.set(client, state);
  }
  return state;
}

/**
 * Sets the automatic snapshot policy of a database (for this process): every `every` events per project by
 * default ({@link DEFAULT_SNAPSHOT_EVERY}); `every: 0` turns automatic snapshots off.
 *
 * @throws {RangeError} `every` is not a non-negative integer.
 * @example configureSnapshots(db, { every: 50_000 });
 */
export function configureSnapshots(db: FleetDB, policy: SnapshotPolicy): void {
  if (!Number.isInteger(policy.every) || policy.every < 0) {
    throw new RangeError(
      `configureSnapshots: every must be a non-negative integer, got ${String(policy.every)}`,
    );
  }
  stateOf(db.$client).policy = policy;
}

/**
 * To be called after a successful append of `count` events whose last one got `lastSequence`: when the
 * append crossed a multiple of the policy's `every`, queues a snapshot of the project behind it on the
 * client's write queue (outside the append's transaction) and returns its promise; otherwise returns
 * `undefined` at once (one division: the check costs nothing). The snapshot never fails the append: its
 * errors go to the policy's `onError` and the returned promise resolves to `null`.
 */
export function snapshotAfterAppend(
  client: SqlConnection,
  projectKey: string,
  lastSequence: number,
  count: number,
): Promise<SnapshotInfo | null> | undefined {
  const state = stateOf(client);
  const { every } = state.policy;
  if (every === 0 || Math.floor(lastSequence / every) === Math.floor((lastSequence - count) / every)) {
    return undefined;
  }
  if (state.running.has(projectKey)) return undefined;
  state.running.add(projectKey);
  const { onSnapshot, onError } = state.policy;
  return takeSnapshotOn(client, projectKey)
    .then((info) => {
      if (info !== null) onSnapshot?.(info);
      return info;
    })
    .catch((error: unknown) => {
      onError?.(error);
      return null;
    })
    .finally(() => state.running.delete(projectKey));
}
