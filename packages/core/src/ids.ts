import { customAlphabet } from 'nanoid';

import type {
  Callsign,
  CheckpointId,
  DecisionId,
  EventId,
  LockId,
  MessageId,
  MissionId,
  ProjectKey,
  ReservationId,
  SortieId,
  ThreadId,
  WorkOrderId,
} from './brand.js';
import { IdValidationError } from './errors.js';

/** The prefix of every generated id, by kind: the one table of prefixes. */
export const ID_PREFIXES = {
  event: 'evt',
  sortie: 'sortie',
  mission: 'mission',
  message: 'msg',
  thread: 'thread',
  workOrder: 'wo',
  checkpoint: 'ckpt',
  reservation: 'rsv',
  lock: 'lock',
  decision: 'decision',
} as const;

/** The prefix of generated callsigns (`callsign-…`); agents may also choose their own (`viper-1`). */
export const CALLSIGN_PREFIX = 'callsign';

/** A kind of prefixed id. */
export type IdKind = keyof typeof ID_PREFIXES;

/** The branded type of each kind of id. */
export interface IdTypes {
  event: EventId;
  sortie: SortieId;
  mission: MissionId;
  message: MessageId;
  thread: ThreadId;
  workOrder: WorkOrderId;
  checkpoint: CheckpointId;
  reservation: ReservationId;
  lock: LockId;
  decision: DecisionId;
}

/** Length of the random part of a generated id. */
export const ID_BODY_LENGTH = 16;

/** Longest accepted random part (ids written by other tools may be longer than ours). */
export const MAX_ID_BODY_LENGTH = 64;

/**
 * Lower-case letters and digits: URL-safe, and safe on case-insensitive file systems. 36^16 ≈ 7.96e24
 * possible bodies, so among 10 million ids of one kind the chance of any collision is about 6e-12.
 */
const randomBody = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', ID_BODY_LENGTH);

const ID_BODY = `[A-Za-z0-9_-]{1,${MAX_ID_BODY_LENGTH}}`;

const ID_PATTERNS = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([kind, prefix]) => [kind, new RegExp(`^${prefix}-${ID_BODY}$`)]),
) as Record<IdKind, RegExp>;

/**
 * A fresh id of the given kind: its prefix, a dash, 16 random URL-safe characters.
 *
 * @example generateId('workOrder') // 'wo-3k9x0a7mq2c81fzd'
 */
export function generateId<K extends IdKind>(kind: K): IdTypes[K] {
  return `${ID_PREFIXES[kind]}-${randomBody()}` as IdTypes[K];
}

/** True when `value` is an id of the given kind: its prefix, a dash, and 1 to 64 URL-safe characters. */
export function isId<K extends IdKind>(kind: K, value: unknown): value is IdTypes[K] {
  return typeof value === 'string' && ID_PATTERNS[kind].test(value);
}

/**
 * Checks that `value` is an id of the given kind and returns it branded.
 *
 * @throws {IdValidationError} naming the kind and the input.
 * @example parseId('sortie', 'sortie-abc123') // SortieId
 */
export function parseId<K extends IdKind>(kind: K, value: unknown): IdTypes[K] {
  if (isId(kind, value)) return value;
  throw new IdValidationError(
    kind,
    value,
    `expected '${ID_PREFIXES[kind]}-' followed by 1 to ${MAX_ID_BODY_LENGTH} characters of A-Z a-z 0-9 _ -`,
  );
}

/** A fresh event id, `evt-…`. */
export const generateEventId = (): EventId => generateId('event');
/** A fresh sortie id, `sortie-…`. */
export const generateSortieId = (): SortieId => generateId('sortie');
/** A fresh mission id, `mission-…`. */
export const generateMissionId = (): MissionId => generateId('mission');
/** A fresh message id, `msg-…`. */
export const generateMessageId = (): MessageId => generateId('message');
/** A fresh thread id, `thread-…`. */
export const generateThreadId = (): ThreadId => generateId('thread');
/** A fresh work order id, `wo-…`. */
export const generateWorkOrderId = (): WorkOrderId => generateId('workOrder');
/** A fresh checkpoint id, `ckpt-…`. */
export const generateCheckpointId = (): CheckpointId => generateId('checkpoint');
/** A fresh reservation id, `rsv-…`. */
export const generateReservationId = (): ReservationId => generateId('reservation');
/** A fresh lock acquisition id, `lock-…`. */
export const generateLockId = (): LockId => generateId('lock');
/** A fresh coordinator decision id, `decision-…`. */
export const generateDecisionId = (): DecisionId => generateId('decision');

/** A fresh callsign, `callsign-…`, for agents that do not choose their own. */
export const generateCallsign = (): Callsign => `${CALLSIGN_PREFIX}-${randomBody()}` as Callsign;

/** Longest accepted callsign. */
export const MAX_CALLSIGN_LENGTH = 64;

const CALLSIGN_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${MAX_CALLSIGN_LENGTH - 1}}$`);

/** True when `value` is a valid callsign: 1–64 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit. */
export function isCallsign(value: unknown): value is Callsign {
  return typeof value === 'string' && CALLSIGN_PATTERN.test(value);
}

/**
 * Checks a callsign (a name the agent chose, like `viper-1`) and returns it branded.
 *
 * @throws {IdValidationError} when it is empty, too long or has other characters.
 */
export function parseCallsign(value: unknown): Callsign {
  if (isCallsign(value)) return value;
  throw new IdValidationError(
    'callsign',
    value,
    `expected 1 to ${MAX_CALLSIGN_LENGTH} characters of A-Z a-z 0-9 _ . -, starting with a letter or digit`,
  );
}

/** Longest accepted project key. */
export const MAX_PROJECT_KEY_LENGTH = 1024;

/** True when `value` can be a project key: 1–1024 characters, no control characters. */
export function isProjectKey(value: unknown): value is ProjectKey {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_PROJECT_KEY_LENGTH &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(value)
  );
}

/**
 * Checks a project key (conventionally the project's absolute path, e.g. `/test/project`) and returns it branded.
 *
 * @throws {IdValidationError} when it is empty, longer than 1024 characters or has control characters.
 */
export function parseProjectKey(value: unknown): ProjectKey {
  if (isProjectKey(value)) return value;
  throw new IdValidationError(
    'project key',
    value,
    `expected 1 to ${MAX_PROJECT_KEY_LENGTH} characters without control characters`,
  );
}
