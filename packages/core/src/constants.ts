/** Time-to-live defaults and bounds, in milliseconds. */
export const TTL = {
  /** A pilot with no heartbeat for this long is stale. */
  PILOT: 5 * 60_000,
  /** Default lifetime of a file reservation. */
  RESERVATION: 60 * 60_000,
  /** Default lifetime of a lock. */
  LOCK: 60_000,
  /** Shortest TTL accepted anywhere. */
  MIN: 1_000,
  /** Longest TTL accepted anywhere (7 days). */
  MAX: 7 * 24 * 60 * 60_000,
} as const;

/** How urgent a message is. */
export const IMPORTANCE = { LOW: 'low', NORMAL: 'normal', HIGH: 'high', URGENT: 'urgent' } as const;
/** One of {@link IMPORTANCE}. */
export type Importance = (typeof IMPORTANCE)[keyof typeof IMPORTANCE];

/** The life of a sortie (one unit of work within a mission). */
export const SORTIE_STATUS = {
  PENDING: 'pending',
  IN_PROGRESS: 'in_progress',
  BLOCKED: 'blocked',
  COMPLETED: 'completed',
  FAILED: 'failed',
} as const;
/** One of {@link SORTIE_STATUS}. */
export type SortieStatus = (typeof SORTIE_STATUS)[keyof typeof SORTIE_STATUS];

/** The life of a mission (a group of sorties). */
export const MISSION_STATUS = {
  PENDING: 'pending',
  IN_PROGRESS: 'in_progress',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
} as const;
/** One of {@link MISSION_STATUS}. */
export type MissionStatus = (typeof MISSION_STATUS)[keyof typeof MISSION_STATUS];

/** Whether a pilot is registered. Staleness is not a status: it is computed from the last heartbeat and `TTL.PILOT`. */
export const PILOT_STATUS = { ACTIVE: 'active', DEREGISTERED: 'deregistered' } as const;
/** One of {@link PILOT_STATUS}. */
export type PilotStatus = (typeof PILOT_STATUS)[keyof typeof PILOT_STATUS];

/** The life of a work order (a low-level task within a sortie). */
export const WORK_ORDER_STATUS = {
  PENDING: 'pending',
  IN_PROGRESS: 'in_progress',
  COMPLETED: 'completed',
  FAILED: 'failed',
} as const;
/** One of {@link WORK_ORDER_STATUS}. */
export type WorkOrderStatus = (typeof WORK_ORDER_STATUS)[keyof typeof WORK_ORDER_STATUS];

/** Whether a file reservation excludes every other pilot or only exclusive ones. */
export const RESERVATION_MODE = { EXCLUSIVE: 'exclusive', SHARED: 'shared' } as const;
/** One of {@link RESERVATION_MODE}. */
export type ReservationMode = (typeof RESERVATION_MODE)[keyof typeof RESERVATION_MODE];

/**
 * Which statuses may follow each status, as data: the event store enforces them at append (a refusal is an
 * `InvalidTransitionError`), and UIs and callers check them with `canTransition`. Replay folds what the log
 * holds and does not judge it again.
 */
export type Transitions<S extends string> = { readonly [From in S]: readonly S[] };

/** Sortie transitions: completed and failed are final; a blocked sortie resumes or fails. */
export const SORTIE_TRANSITIONS: Transitions<SortieStatus> = {
  pending: ['in_progress', 'failed'],
  in_progress: ['blocked', 'completed', 'failed'],
  blocked: ['in_progress', 'failed'],
  completed: [],
  failed: [],
};

/** Mission transitions: completed and cancelled are final. */
export const MISSION_TRANSITIONS: Transitions<MissionStatus> = {
  pending: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** Work order transitions: completed and failed are final. */
export const WORK_ORDER_TRANSITIONS: Transitions<WorkOrderStatus> = {
  pending: ['in_progress', 'failed'],
  in_progress: ['completed', 'failed'],
  completed: [],
  failed: [],
};

/** Pilot transitions: a deregistered pilot may register again. */
export const PILOT_TRANSITIONS: Transitions<PilotStatus> = {
  active: ['deregistered'],
  deregistered: ['active'],
};

/** True when `to` may follow `from` in the given transition table. */
export function canTransition<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}
