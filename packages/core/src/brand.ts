declare const brand: unique symbol;

/**
 * A nominal type: a `T` that has passed the check for `Name`. Values are created only by the parsers and
 * generators of this package, so a `SortieId` is never confused with a `MissionId` at compile time.
 */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };

/** Identifies one project (conventionally its absolute path); every row and event is scoped by it. */
export type ProjectKey = Brand<string, 'ProjectKey'>;
/** A pilot's name, chosen by the agent (`viper-1`) or generated (`callsign-…`). */
export type Callsign = Brand<string, 'Callsign'>;
/** An event id, `evt-…`. */
export type EventId = Brand<string, 'EventId'>;
/** A sortie id, `sortie-…`. */
export type SortieId = Brand<string, 'SortieId'>;
/** A mission id, `mission-…`. */
export type MissionId = Brand<string, 'MissionId'>;
/** A message id, `msg-…`. */
export type MessageId = Brand<string, 'MessageId'>;
/** A thread id, `thread-…`. */
export type ThreadId = Brand<string, 'ThreadId'>;
/** A work order id, `wo-…`. */
export type WorkOrderId = Brand<string, 'WorkOrderId'>;
/** A checkpoint id, `ckpt-…`. */
export type CheckpointId = Brand<string, 'CheckpointId'>;
/** A file reservation id, `rsv-…`. */
export type ReservationId = Brand<string, 'ReservationId'>;
/** A lock acquisition id, `lock-…`. */
export type LockId = Brand<string, 'LockId'>;
/** A coordinator decision id, `decision-…`. */
export type DecisionId = Brand<string, 'DecisionId'>;
/** An ISO 8601 UTC timestamp with milliseconds, as produced by `nowIso()`: `2025-01-09T14:30:00.000Z`. */
export type IsoTimestamp = Brand<string, 'IsoTimestamp'>;
