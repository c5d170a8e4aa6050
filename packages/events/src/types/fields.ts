import { Buffer } from 'node:buffer';

import {
  ID_PREFIXES,
  IMPORTANCE,
  isCallsign,
  isId,
  isIsoTimestamp,
  isProjectKey,
  MAX_ID_BODY_LENGTH,
  normalizeProjectPath,
  PathValidationError,
  RESERVATION_MODE,
  TTL,
  type Callsign,
  type IdKind,
  type IdTypes,
  type IsoTimestamp,
  type ProjectKey,
} from '@fleettools/core';
import { z } from 'zod';

import { received } from './received.js';

/** Longest title or subject, in characters (UTF-16 code units). */
export const SHORT = 200;
/** Largest body, description, reason or other free text, in UTF-8 bytes (64 KiB). */
export const TEXT = 64 * 1024;
/** Largest `checkpoint_created.state`, as UTF-8 bytes of its JSON text (256 KiB). */
export const MAX_STATE_BYTES = 256 * 1024;
/** Deepest nesting of objects and arrays in `checkpoint_created.state` (the object itself is level 1). */
export const MAX_STATE_DEPTH = 64;
/** Most entries in a list of recipients or of reserved paths. */
export const MAX_SHORT_LIST = 100;
/** Most entries in a list of files or sortie ids. */
export const MAX_LONG_LIST = 1000;

/**
 * A string checked by one of core's predicates, typed by the predicate's branded type on output and as a
 * plain `string` on input (so `createEvent` accepts literals like `'viper-1'`).
 */
function checkedString<T extends string>(
  name: string,
  test: (value: unknown) => value is T,
  expectation: string,
): z.ZodCustom<T, string> {
  return z.custom<T>(test, {
    error: (issue) =>
      typeof issue.input === 'string'
        ? `Invalid ${name}: expected ${expectation}`
        : `Invalid input: expected ${name}, received ${received(issue.input)}`,
  });
}

/**
 * An id of the given kind, checked with core's `isId`: its prefix, a dash and 1–64 characters of
 * `A-Z a-z 0-9 _ -` (so `sortie-abc123` is valid). Output is core's branded id type.
 */
export function idField<K extends IdKind>(kind: K, name: string): z.ZodCustom<IdTypes[K], string> {
  return checkedString(
    name,
    (value): value is IdTypes[K] => isId(kind, value),
    `'${ID_PREFIXES[kind]}-' followed by 1 to ${MAX_ID_BODY_LENGTH} characters of A-Z a-z 0-9 _ -`,
  );
}

/** An event id, `evt-…`. */
export const EventIdField = idField('event', 'event id');
/** A sortie id, `sortie-…`. */
export const SortieIdField = idField('sortie', 'sortie id');
/** A mission id, `mission-…`. */
export const MissionIdField = idField('mission', 'mission id');
/** A message id, `msg-…`. */
export const MessageIdField = idField('message', 'message id');
/** A thread id, `thread-…`. */
export const ThreadIdField = idField('thread', 'thread id');
/** A work order id, `wo-…`. */
export const WorkOrderIdField = idField('workOrder', 'work order id');
/** A checkpoint id, `ckpt-…`. */
export const CheckpointIdField = idField('checkpoint', 'checkpoint id');
/** A reservation id, `rsv-…`. */
export const ReservationIdField = idField('reservation', 'reservation id');
/** A lock acquisition id, `lock-…`. */
export const LockIdField = idField('lock', 'lock id');
/** A coordinator decision id, `decision-…`. */
export const DecisionIdField = idField('decision', 'decision id');

/** A callsign (`viper-1`): 1–64 characters of `A-Z a-z 0-9 _ . -`, starting with a letter or digit. */
export const CallsignField = checkedString<Callsign>(
  'callsign',
  isCallsign,
  '1 to 64 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit',
);

/** A project key (`/test/project`): 1–1024 characters without control characters. */
export const ProjectKeyField = checkedString<ProjectKey>(
  'project key',
  isProjectKey,
  '1 to 1024 characters without control characters',
);

/** A timestamp in the canonical stored form `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant. */
export const TimestampField = checkedString<IsoTimestamp>(
  'timestamp',
  isIsoTimestamp,
  'ISO 8601 UTC with milliseconds, such as 2025-01-09T14:30:00.000Z',
);

/**
 * A project-relative path or glob, normalised by core's `normalizeProjectPath` (`./src//a.ts` becomes
 * `src/a.ts`); absolute paths, `..` above the root and control characters are rejected.
 */
export const ProjectPathField = z.string().transform((value, ctx) => {
  try {
    return normalizeProjectPath(value);
  } catch (error) {
    if (!(error instanceof PathValidationError)) throw error;
    ctx.issues.push({ code: 'custom', message: error.message.replace(/\.$/, ''), input: value });
    return z.NEVER;
  }
});

/**
 * What free text may not hold: NUL (SQLite hands TEXT back cut at the first NUL) and unpaired UTF-16
 * surrogates (not Unicode: stored as U+FFFD). Everything else is stored exactly as given.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this pattern looks for.
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Rejects text with a NUL or an unpaired surrogate, naming what is wrong. */
function storableText(ctx: z.core.ParsePayload<string>): void {
  if (!UNSTORABLE_TEXT.test(ctx.value)) return;
  ctx.issues.push({
    code: 'custom',
    input: ctx.value,
    message: 'Invalid text: NUL characters and unpaired UTF-16 surrogates cannot be stored',
  });
}

/** A title or subject: 1 to {@link SHORT} characters, no NUL or unpaired surrogate, stored exactly as given. */
export const ShortTextField = z.string().min(1).max(SHORT).check(storableText);

/**
 * A body, description, reason or note: non-empty, at most {@link TEXT} UTF-8 bytes, no NUL or unpaired
 * surrogate, stored exactly as given.
 */
export const TextField = z
  .string()
  .min(1)
  .check(storableText)
  .check((ctx) => {
    const { length } = ctx.value;
    // A UTF-16 code unit takes 1 to 3 UTF-8 bytes: short strings need no count, long ones no encoding.
    if (length * 3 <= TEXT) return;
    if (length <= TEXT && Buffer.byteLength(ctx.value, 'utf8') <= TEXT) return;
    ctx.issues.push({
      code: 'too_big',
      origin: 'string',
      maximum: TEXT,
      inclusive: true,
      input: ctx.value,
      message: `Too big: expected string to have <=${TEXT} UTF-8 bytes`,
    });
  });

/** A time-to-live in whole milliseconds between `TTL.MIN` (1 s) and `TTL.MAX` (7 days). */
export const TtlField = z.int().min(TTL.MIN).max(TTL.MAX);

/** A count or position: a safe integer ≥ 0. */
export const CountField = z.int().min(0);

/** How urgent a message is: `low`, `normal`, `high` or `urgent`. */
export const ImportanceField = z.enum(IMPORTANCE);

/** Whether a reservation is `exclusive` or `shared`. */
export const ReservationModeField = z.enum(RESERVATION_MODE);

/** A list of 1 to {@link MAX_SHORT_LIST} project paths or globs, each normalised. */
export const PathListField = z.array(ProjectPathField).min(1).max(MAX_SHORT_LIST);

/** A list of 0 to {@link MAX_LONG_LIST} project paths, each normalised. */
export const FileListField = z.array(ProjectPathField).max(MAX_LONG_LIST);

/** A sortie's or work order's dependencies: 1 to {@link MAX_SHORT_LIST} ids of the same kind, each once. */
function dependencyList<T extends string>(id: z.ZodCustom<T, string>) {
  return z
    .array(id)
    .min(1)
    .max(MAX_SHORT_LIST)
    .refine((ids) => new Set(ids).size === ids.length, 'Invalid dependencies: an id is listed twice');
}

/** The sorties a sortie depends on: 1 to {@link MAX_SHORT_LIST} sortie ids, each once. */
export const SortieDependencyListField = dependencyList(SortieIdField);

/** The work orders a work order depends on: 1 to {@link MAX_SHORT_LIST} work order ids, each once. */
export const WorkOrderDependencyListField = dependencyList(WorkOrderIdField);

/** How urgent a sortie is: 0 (most urgent) to 4 (least); a sortie without one counts as {@link DEFAULT_PRIORITY}. */
export const PriorityField = z.int().min(0).max(4);

/** The priority of a sortie created without one. */
export const DEFAULT_PRIORITY = 2;
