/**
 * Guarantee 8 (design.md §4): bad input writes nothing and gets a typed error. A corpus of hostile inputs,
 * each thrown at a store that already holds events; then fast-check mutations of valid events; then content
 * that looks hostile but is valid, which must come back byte for byte from the log and the projections.
 */
import { Buffer } from 'node:buffer';

import { describe, expect, test } from 'bun:test';
import { FleetError } from '@fleettools/core';
import { createInMemoryDb, messagesTable, sortiesTable, checkpointsTable } from '@fleettools/db';
import fc from 'fast-check';

import {
  EventStore,
  SHORT,
  TEXT,
  createEvent,
  type EventInputOf,
  type FleetEvent,
  type FleetEventInput,
  type FleetEventType,
} from '../../src/index.js';
import { arbitraryFleetEvent } from '../support/arbitraries.js';
import { EXAMPLES } from '../support/examples.js';
import { failureOf } from '../support/failure.js';
import { storeSnapshot } from '../support/projection-snapshot.js';
import { registerPilots } from '../support/pilots.js';
import { requiredFields, schemaOf, without } from '../support/schemas.js';

const P = '/p';
const OTHER = '/other';
const MB = 1024 * 1024;

type ErrorCode = 'EVENT_INVALID' | 'PROJECT_MISMATCH' | 'ID_INVALID' | 'OPTIONS_INVALID';

/** A valid input of `type` in project `/p`, with `patch` applied (patch may break it on purpose). */
function example<T extends FleetEventType>(type: T, patch: Record<string, unknown> = {}): EventInputOf<T> {
  return { ...EXAMPLES[type], project_key: P, ...patch };
}

/** A copy of a valid `type` input without `key`. */
function missing(type: FleetEventType, key: string): Record<string, unknown> {
  return without(example(type), key);
}

/** A valid event of `type` in `/p`, serialised, with extra JSON members spliced in first (own keys). */
function jsonWith(type: FleetEventType, members: string): unknown {
  return JSON.parse(JSON.stringify(example(type)).replace(/^\{/, `{${members},`));
}

/** A store holding a few events of two projects, with projections in every family touched. */
async function seededStore() {
  const db = createInMemoryDb();
  const store = EventStore.fromDb(db);
  const seed = (type: FleetEventType, id: string, project = P): FleetEvent =>
    createEvent(type, { ...EXAMPLES[type], id, project_key: project });
  await store.appendMany(
    [
      seed('pilot_registered', 'evt-seed1'),
      seed('mission_created', 'evt-seed0'),
      seed('message_sent', 'evt-seed2'),
      seed('file_reserved', 'evt-seed3'),
      // The sortie the example sortie_created depends on.
      createEvent('sortie_created', {
        id: 'evt-seed7',
        project_key: P,
        sortie_id: 'sortie-abc000',
        title: 'First',
      }),
      seed('sortie_created', 'evt-seed4'),
      seed('lock_acquired', 'evt-seed5'),
    ],
    P,
  );
  await store.append(seed('pilot_registered', 'evt-seed6', OTHER), OTHER);
  return { db, store };
}

interface BadInput {
  readonly name: string;
  readonly code: ErrorCode;
  /** A dotted path that one of the error's issues must name, when it is obvious which. */
  readonly path?: string;
  readonly run: (store: EventStore) => Promise<unknown>;
}

const append =
  (input: unknown, projectKey: unknown = P) =>
  (store: EventStore) =>
    store.append(input as never, projectKey as never);
const appendMany =
  (inputs: readonly unknown[], projectKey: unknown = P) =>
  (store: EventStore) =>
    store.appendMany(inputs as never, projectKey as never);
const query = (options: unknown) => (store: EventStore) => store.query(options as never);

const FIVE_MB = 'x'.repeat(5 * MB);
const cyclic: Record<string, unknown> = { step: 1 };
cyclic.self = cyclic;

const CORPUS: readonly BadInput[] = [
  // The shape of the event itself.
  { name: 'unknown type', code: 'EVENT_INVALID', run: append(example('pilot_registered', { type: 'x' })) },
  { name: 'type missing', code: 'EVENT_INVALID', run: append(missing('pilot_registered', 'type')) },
  { name: 'null', code: 'EVENT_INVALID', run: append(null) },
  { name: 'undefined', code: 'EVENT_INVALID', run: append(undefined) },
  { name: 'an array holding a valid event', code: 'EVENT_INVALID', run: append([example('pilot_active')]) },
  { name: 'a number', code: 'EVENT_INVALID', run: append(42) },
  { name: 'a plain string', code: 'EVENT_INVALID', run: append('pilot_registered') },
  {
    name: 'a valid event as JSON text',
    code: 'EVENT_INVALID',
    run: append(JSON.stringify(example('pilot_registered'))),
  },
  {
    name: 'a class instance with an inherited key',
    code: 'EVENT_INVALID',
    run: append(Object.assign(Object.create({ admin: true }) as object, example('pilot_active'))),
  },
  // Missing and mistyped fields.
  {
    name: 'required field missing (callsign)',
    code: 'EVENT_INVALID',
    path: 'callsign',
    run: append(missing('pilot_registered', 'callsign')),
  },
  { name: 'id missing', code: 'EVENT_INVALID', path: 'id', run: append(missing('pilot_active', 'id')) },
  {
    name: 'timestamp missing',
    code: 'EVENT_INVALID',
    path: 'timestamp',
    run: append(missing('pilot_active', 'timestamp')),
  },
  {
    name: 'callsign is a number',
    code: 'EVENT_INVALID',
    path: 'callsign',
    run: append(example('pilot_registered', { callsign: 42 })),
  },
  {
    name: 'progress is a string',
    code: 'EVENT_INVALID',
    path: 'progress',
    run: append(example('sortie_progress', { progress: '50' })),
  },
  {
    name: 'progress above 100',
    code: 'EVENT_INVALID',
    path: 'progress',
    run: append(example('sortie_progress', { progress: 101 })),
  },
  {
    name: 'ttl_ms is NaN',
    code: 'EVENT_INVALID',
    path: 'ttl_ms',
    run: append(example('lock_acquired', { ttl_ms: Number.NaN })),
  },
  {
    name: 'ttl_ms is Infinity',
    code: 'EVENT_INVALID',
    path: 'ttl_ms',
    run: append(example('file_renewed', { ttl_ms: Number.POSITIVE_INFINITY })),
  },
  {
    name: 'position is a bigint',
    code: 'EVENT_INVALID',
    path: 'position',
    run: append(example('cursor_moved', { position: 42n })),
  },
  {
    name: 'ack_required is a string',
    code: 'EVENT_INVALID',
    path: 'ack_required',
    run: append(example('message_sent', { ack_required: 'yes' })),
  },
  {
    name: 'recipients empty',
    code: 'EVENT_INVALID',
    path: 'to',
    run: append(example('message_sent', { to: [] })),
  },
  {
    name: 'recipients a string, not a list',
    code: 'EVENT_INVALID',
    path: 'to',
    run: append(example('message_sent', { to: 'viper-2' })),
  },
  {
    name: 'an optional field set to null',
    code: 'EVENT_INVALID',
    path: 'reason',
    run: append(example('pilot_deregistered', { reason: null })),
  },
  {
    name: 'checkpoint state is an array',
    code: 'EVENT_INVALID',
    path: 'state',
    run: append(example('checkpoint_created', { state: [1, 2] })),
  },
  {
    name: 'checkpoint state is cyclic',
    code: 'EVENT_INVALID',
    path: 'state',
    run: append(example('checkpoint_created', { state: cyclic })),
  },
  {
    name: 'checkpoint state over 256 KiB',
    code: 'EVENT_INVALID',
    path: 'state',
    run: append(example('checkpoint_created', { state: { blob: 'x'.repeat(256 * 1024) } })),
  },
  // Sizes.
  {
    name: 'a 5 MB title',
    code: 'EVENT_INVALID',
    path: 'title',
    run: append(example('sortie_created', { title: FIVE_MB })),
  },
  {
    name: 'a 5 MB body',
    code: 'EVENT_INVALID',
    path: 'body',
    run: append(example('message_sent', { body: FIVE_MB })),
  },
  {
    name: 'a body one UTF-8 byte over 64 KiB (emoji)',
    code: 'EVENT_INVALID',
    path: 'body',
    run: append(example('message_sent', { body: `${'😀'.repeat(TEXT / 4)}a` })),
  },
  {
    name: 'a title of SHORT + 1 characters',
    code: 'EVENT_INVALID',
    path: 'title',
    run: append(example('mission_created', { title: 'T'.repeat(SHORT + 1) })),
  },
  {
    name: 'an empty body',
    code: 'EVENT_INVALID',
    path: 'body',
    run: append(example('message_sent', { body: '' })),
  },
  {
    name: 'a 5 MB unknown key',
    code: 'EVENT_INVALID',
    run: append(example('pilot_active', { [FIVE_MB]: 1 })),
  },
  // Unknown keys, including the ones JSON.parse makes own properties.
  { name: 'unknown key', code: 'EVENT_INVALID', run: append(example('pilot_active', { colour: 'red' })) },
  {
    name: 'own __proto__ key (JSON.parse)',
    code: 'EVENT_INVALID',
    run: append(jsonWith('pilot_registered', '"__proto__":{"admin":true}')),
  },
  {
    name: 'own constructor key (JSON.parse)',
    code: 'EVENT_INVALID',
    run: append(jsonWith('pilot_registered', '"constructor":{"prototype":{"admin":true}}')),
  },
  {
    name: 'unknown key in metadata',
    code: 'EVENT_INVALID',
    path: 'metadata',
    run: append(example('pilot_active', { metadata: { actor: 'viper-1', role: 'admin' } })),
  },
  {
    name: 'unknown key in a file_conflict conflict',
    code: 'EVENT_INVALID',
    path: 'conflicts.0',
    run: append(
      example('file_conflict', {
        conflicts: [{ ...EXAMPLES.file_conflict.conflicts[0], admin: true }],
      }),
    ),
  },
  // Timestamps.
  {
    name: 'timestamp on 30 February',
    code: 'EVENT_INVALID',
    path: 'timestamp',
    run: append(example('pilot_active', { timestamp: '2025-02-30T10:00:00.000Z' })),
  },
  {
    name: 'timestamp without a zone',
    code: 'EVENT_INVALID',
    path: 'timestamp',
    run: append(example('pilot_active', { timestamp: '2025-01-09T14:30:00.000' })),
  },
  {
    name: 'timestamp date only',
    code: 'EVENT_INVALID',
    path: 'timestamp',
    run: append(example('pilot_active', { timestamp: '2025-01-09' })),
  },
  {
    name: 'timestamp with an offset instead of Z',
    code: 'EVENT_INVALID',
    path: 'timestamp',
    run: append(example('pilot_active', { timestamp: '2025-01-09T14:30:00.000+02:00' })),
  },
  {
    name: 'timestamp hour 24',
    code: 'EVENT_INVALID',
    path: 'timestamp',
    run: append(example('pilot_active', { timestamp: '2025-01-09T24:00:00.000Z' })),
  },
  {
    name: 'timestamp is a Date object',
    code: 'EVENT_INVALID',
    path: 'timestamp',
    run: append(example('pilot_active', { timestamp: new Date('2025-01-09T14:30:00.000Z') })),
  },
  {
    name: 'conflict expires_at invalid',
    code: 'EVENT_INVALID',
    path: 'conflicts.0.expires_at',
    run: append(
      example('file_conflict', {
        conflicts: [{ ...EXAMPLES.file_conflict.conflicts[0], expires_at: 'tomorrow' }],
      }),
    ),
  },
  // Ids.
  {
    name: 'event id with the wrong prefix',
    code: 'EVENT_INVALID',
    path: 'id',
    run: append(example('pilot_active', { id: 'sortie-abc123' })),
  },
  {
    name: 'sortie id with the wrong prefix',
    code: 'EVENT_INVALID',
    path: 'sortie_id',
    run: append(example('sortie_created', { sortie_id: 'mission-abc123' })),
  },
  {
    name: 'message id with an empty body',
    code: 'EVENT_INVALID',
    path: 'message_id',
    run: append(example('message_read', { message_id: 'msg-' })),
  },
  {
    name: 'event id carrying SQL',
    code: 'EVENT_INVALID',
    path: 'id',
    run: append(example('pilot_active', { id: "evt-1'; DROP TABLE events; --" })),
  },
  {
    name: 'callsign carrying SQL',
    code: 'EVENT_INVALID',
    path: 'callsign',
    run: append(example('pilot_registered', { callsign: "x'); DELETE FROM pilots; --" })),
  },
  {
    name: 'metadata actor is not a callsign',
    code: 'EVENT_INVALID',
    path: 'metadata.actor',
    run: append(example('pilot_active', { metadata: { actor: '-root' } })),
  },
  // Paths.
  {
    name: 'reserved path ../etc/passwd',
    code: 'EVENT_INVALID',
    path: 'paths.0',
    run: append(example('file_reserved', { paths: ['../etc/passwd'] })),
  },
  {
    name: 'reserved path climbing out midway (src/../../x)',
    code: 'EVENT_INVALID',
    path: 'paths.1',
    run: append(example('file_reserved', { paths: ['src/a.ts', 'src/../../secret'] })),
  },
  {
    name: 'reserved absolute path',
    code: 'EVENT_INVALID',
    path: 'paths.0',
    run: append(example('file_reserved', { paths: ['/etc/passwd'] })),
  },
  {
    name: 'reserved path with a NUL byte',
    code: 'EVENT_INVALID',
    path: 'paths.0',
    run: append(example('file_reserved', { paths: ['src/a.ts\u0000.png'] })),
  },
  {
    name: 'reserved path with backslash traversal',
    code: 'EVENT_INVALID',
    path: 'paths.0',
    run: append(example('file_reserved', { paths: ['..\\..\\windows\\system32'] })),
  },
  {
    name: 'reserved Windows drive path',
    code: 'EVENT_INVALID',
    path: 'paths.0',
    run: append(example('file_reserved', { paths: ['C:\\Windows\\win.ini'] })),
  },
  {
    name: 'reserved path naming the root itself',
    code: 'EVENT_INVALID',
    path: 'paths.0',
    run: append(example('file_reserved', { paths: ['./'] })),
  },
  {
    name: 'no reserved paths',
    code: 'EVENT_INVALID',
    path: 'paths',
    run: append(example('file_reserved', { paths: [] })),
  },
  {
    name: '101 reserved paths',
    code: 'EVENT_INVALID',
    path: 'paths',
    run: append(example('file_reserved', { paths: Array.from({ length: 101 }, (_, i) => `f${i}.ts`) })),
  },
  {
    name: 'sortie file traversal',
    code: 'EVENT_INVALID',
    path: 'files.0',
    run: append(example('sortie_created', { files: ['../../.ssh/id_rsa'] })),
  },
  // Batches: one bad event and nothing of the batch is written.
  {
    name: 'appendMany: valid, valid, invalid',
    code: 'EVENT_INVALID',
    run: appendMany([
      example('pilot_registered', { id: 'evt-batch1', callsign: 'viper-9' }),
      example('pilot_active', { id: 'evt-batch2', callsign: 'viper-9' }),
      example('pilot_active', { id: 'evt-batch3', callsign: '' }),
    ]),
  },
  {
    name: 'appendMany: invalid first, valid after',
    code: 'EVENT_INVALID',
    run: appendMany([null, example('pilot_registered', { id: 'evt-batch4', callsign: 'viper-9' })]),
  },
  {
    name: 'appendMany: one event of another project in the middle',
    code: 'PROJECT_MISMATCH',
    run: appendMany([
      example('pilot_registered', { id: 'evt-batch5', callsign: 'viper-9' }),
      example('pilot_registered', { id: 'evt-batch6', callsign: 'viper-8', project_key: OTHER }),
      example('pilot_registered', { id: 'evt-batch7', callsign: 'viper-7' }),
    ]),
  },
  // Projects.
  {
    name: 'event of another project',
    code: 'PROJECT_MISMATCH',
    run: append(example('pilot_registered', { project_key: OTHER })),
  },
  {
    name: 'project key differing by a trailing slash',
    code: 'PROJECT_MISMATCH',
    run: append(example('pilot_registered', { project_key: `${P}/` })),
  },
  {
    name: 'project key differing by case',
    code: 'PROJECT_MISMATCH',
    run: append(example('pilot_registered', { project_key: P.toUpperCase() })),
  },
  {
    name: 'event project_key empty',
    code: 'EVENT_INVALID',
    path: 'project_key',
    run: append(example('pilot_registered', { project_key: '' })),
  },
  { name: 'projectKey argument empty', code: 'ID_INVALID', run: append(example('pilot_registered'), '') },
  {
    name: 'projectKey argument with a NUL',
    code: 'ID_INVALID',
    run: append(example('pilot_registered'), '/p\u0000'),
  },
  {
    name: 'projectKey argument over 1024 characters',
    code: 'ID_INVALID',
    run: append(example('pilot_registered'), `/${'p'.repeat(1024)}`),
  },
  { name: 'projectKey argument a number', code: 'ID_INVALID', run: append(example('pilot_registered'), 42) },
  {
    name: 'projectKey argument undefined',
    code: 'ID_INVALID',
    run: (store) => store.append(example('pilot_registered') as never, undefined as never),
  },
  {
    name: 'appendMany: projectKey argument empty',
    code: 'ID_INVALID',
    run: appendMany([example('pilot_registered')], ''),
  },
  // Options.
  {
    name: 'append: expectedVersion not an integer',
    code: 'OPTIONS_INVALID',
    path: 'expectedVersion',
    run: (store) => store.append(example('pilot_active') as never, P, { expectedVersion: 1.5 }),
  },
  {
    name: 'append: unknown option',
    code: 'OPTIONS_INVALID',
    run: (store) => store.append(example('pilot_active') as never, P, { expectedVersoin: 1 } as never),
  },
  {
    name: 'query: limit 0',
    code: 'OPTIONS_INVALID',
    path: 'limit',
    run: query({ project_key: P, limit: 0 }),
  },
  {
    name: 'query: limit over 100,000',
    code: 'OPTIONS_INVALID',
    path: 'limit',
    run: query({ project_key: P, limit: 100_001 }),
  },
  {
    name: 'query: limit carrying SQL',
    code: 'OPTIONS_INVALID',
    path: 'limit',
    run: query({ project_key: P, limit: '1; DELETE FROM events' }),
  },
  { name: 'query: unknown option', code: 'OPTIONS_INVALID', run: query({ project_key: P, project: P }) },
  {
    name: 'query: since not a date',
    code: 'OPTIONS_INVALID',
    path: 'since',
    run: query({ project_key: P, since: 'yesterday' }),
  },
  {
    name: 'query: since on 30 February',
    code: 'OPTIONS_INVALID',
    path: 'since',
    run: query({ project_key: P, since: '2025-02-30T00:00:00.000Z' }),
  },
  {
    name: 'query: until date only',
    code: 'OPTIONS_INVALID',
    path: 'until',
    run: query({ project_key: P, until: '2025-01-09' }),
  },
  {
    name: 'query: unknown event type',
    code: 'OPTIONS_INVALID',
    path: 'types.0',
    run: query({ project_key: P, types: ['pilot_exploded'] }),
  },
  {
    name: 'query: empty types',
    code: 'OPTIONS_INVALID',
    path: 'types',
    run: query({ project_key: P, types: [] }),
  },
  {
    name: 'query: order random',
    code: 'OPTIONS_INVALID',
    path: 'order',
    run: query({ project_key: P, order: 'random' }),
  },
  {
    name: 'query: negative after_sequence',
    code: 'OPTIONS_INVALID',
    path: 'after_sequence',
    run: query({ project_key: P, after_sequence: -1 }),
  },
  { name: 'query: no project_key', code: 'OPTIONS_INVALID', path: 'project_key', run: query({}) },
  { name: 'query: null options', code: 'OPTIONS_INVALID', run: query(null) },
  {
    name: 'count: unknown filter',
    code: 'OPTIONS_INVALID',
    run: (store) => store.count(P, { type: 'pilot_active' } as never),
  },
  { name: 'count: empty projectKey', code: 'ID_INVALID', run: (store) => store.count('') },
  { name: 'getLatest: empty projectKey', code: 'ID_INVALID', run: (store) => store.getLatest('') },
  {
    name: 'getLatestSequence: projectKey with a newline',
    code: 'ID_INVALID',
    run: (store) => store.getLatestSequence('/p\n'),
  },
];

describe('hostile input', () => {
  test('the corpus is large enough', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CORPUS.map((entry) => entry.name)).size).toBe(CORPUS.length);
  });

  // Every bad input gets a FleetError with the expected code, a bounded message, and writes nothing anywhere.
  test.each(CORPUS.map((entry) => [entry.name, entry] as const))(
    'bad_input_typed_error_nothing_written: %s',
    async (_, entry) => {
      const { db, store } = await seededStore();
      const before = await storeSnapshot(db);

      const error = await failureOf(entry.run(store));

      expect(error).toBeInstanceOf(FleetError);
      const fleetError = error as FleetError;
      expect(fleetError.code).toBe(entry.code);
      expect(fleetError.message.length).toBeLessThan(4096);
      if (entry.path !== undefined) {
        const issues = (fleetError.details.issues ?? []) as readonly { path: string }[];
        expect(issues.map((issue) => issue.path)).toContain(entry.path);
      }
      expect(await storeSnapshot(db)).toEqual(before);
      expect(await store.count(P)).toBe(7);
      expect(await store.count(OTHER)).toBe(1);
    },
  );

  // An own `__proto__` key never reaches Object.prototype, whether the event is refused or not.
  test('proto_keys_never_pollute_object_prototype', async () => {
    const { store } = await seededStore();
    await failureOf(store.append(jsonWith('pilot_registered', '"__proto__":{"admin":true}') as never, P));
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('appendMany given something other than a list', () => {
  // Invariant: a non-array from an untyped caller gets a typed error at the boundary, and nothing is written.
  test.each([
    ['a string', 'pilot_registered'],
    ['null', null],
    ['an object', { 0: EXAMPLES.pilot_registered, length: 1 }],
  ] as const)('append_many_non_array_gets_typed_error: %s', async (_, input) => {
    const { db, store } = await seededStore();
    const before = await storeSnapshot(db);
    const error = await failureOf(store.appendMany(input as never, P));
    expect(await storeSnapshot(db)).toEqual(before);
    expect(error).toBeInstanceOf(FleetError);
    expect(error).toMatchObject({ code: 'OPTIONS_INVALID', details: { operation: 'appendMany' } });
  });
});

/** A value of another JSON type than `value`, never valid where `value` is. */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'string')
    return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
  if (typeof value === 'number')
    return fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
  if (typeof value === 'boolean') return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  if (Array.isArray(value)) return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({}));
  return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([1]));
}

/** A valid event of any type, moved into `/p`. */
const arbitraryEventOfP: fc.Arbitrary<FleetEventInput> = arbitraryFleetEvent().map((event) => ({
  ...event,
  project_key: P,
}));

/** Copies `event` and defines `key` as an own enumerable property (so `__proto__` stays a plain key). */
function withOwnKey(event: object, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** A malformed event: a valid one with a required key dropped, an unknown key added, or a field mistyped. */
const arbitraryMalformedEvent: fc.Arbitrary<{ how: string; event: unknown }> = arbitraryEventOfP.chain(
  (event) => {
    const keys = Object.keys(event);
    const known = new Set(Object.keys(schemaOf(event.type).shape));
    return fc.oneof(
      fc
        .constantFrom(...requiredFields(event.type))
        .map((key) => ({ how: `drop ${key}`, event: without(event, key) })),
      fc
        .tuple(
          fc.oneof(
            fc.string({ minLength: 1 }),
            fc.constantFrom('__proto__', 'constructor', 'data', 'toString'),
          ),
          fc.jsonValue(),
        )
        .filter(([key]) => !known.has(key))
        .map(([key, value]) => ({ how: `add ${key}`, event: withOwnKey(event, key, value) })),
      fc.constantFrom(...keys).chain((key) =>
        wrongTypeFor((event as Record<string, unknown>)[key]).map((value) => ({
          how: `mistype ${key}`,
          event: withOwnKey(event, key, value),
        })),
      ),
    );
  },
);

describe('malformed events (fast-check)', () => {
  // A valid event mutated (key dropped, unknown key added, field mistyped) is always refused, writing nothing.
  test('malformed_event_always_rejected_nothing_written', async () => {
    const { db, store } = await seededStore();
    const before = await storeSnapshot(db);
    await fc.assert(
      fc.asyncProperty(arbitraryMalformedEvent, async ({ event }) => {
        const error = await failureOf(store.append(event as never, P));
        expect(error).toBeInstanceOf(FleetError);
        expect((error as FleetError).code).toBe('EVENT_INVALID');
        expect(await store.count(P)).toBe(7);
      }),
      { numRuns: 300 },
    );
    expect(await storeSnapshot(db)).toEqual(before);
  });

  // A batch of valid events with one malformed event anywhere in it writes none of them.
  test('batch_with_one_malformed_event_writes_nothing', async () => {
    const { db, store } = await seededStore();
    const before = await storeSnapshot(db);
    const batch = fc
      .tuple(fc.array(arbitraryEventOfP, { maxLength: 4 }), arbitraryMalformedEvent, fc.nat())
      .map(([valid, { event }, at]) => {
        const events: unknown[] = [...valid];
        events.splice(at % (valid.length + 1), 0, event);
        return events;
      });
    await fc.assert(
      fc.asyncProperty(batch, async (events) => {
        const error = await failureOf(store.appendMany(events as never, P));
        expect((error as FleetError).code).toBe('EVENT_INVALID');
      }),
      { numRuns: 100 },
    );
    expect(await storeSnapshot(db)).toEqual(before);
  });
});

/** Text that looks dangerous but is valid free text: it must be stored exactly as given. */
const HOSTILE_BUT_VALID: readonly (readonly [string, string])[] = [
  ['quotes', `single ' double " back \` and \\ backslash`],
  ['SQL injection', "'; DROP TABLE events; --"],
  ['SQL injection, double quoted', '"); DELETE FROM messages WHERE ("1"="1'],
  ['JSON look-alike', '{"type":"pilot_registered","__proto__":{"admin":true}}'],
  ['escaped NUL as text', '\\u0000 is not a NUL'],
  ['HTML', '<script>alert("x")</script>&amp;'],
  ['format strings', '%s %n %d ${process.env.HOME} $1 $& $$'],
  ['unicode', 'naïve café, Ελληνικά, 日本語, 한국어, ǅ, ß→SS'],
  ['combining marks', 'e\u0301 a\u0308 Z\u0335\u0321\u031b\u0334'],
  ['emoji', '😀 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇫🇷'],
  ['RTL', 'עברית العربية \u202eoverride\u202c \u200fmark'],
  ['zero-width and BOM', '\ufeffa\u200bb\u200dc\u2060'],
  ['tabs and newlines', 'line 1\n\tline 2\r\nline 3\rline 4\n\n'],
  ['control-ish, no NUL', 'bell\u0007 back\u0008 vt\u000b ff\u000c esc\u001b[31mred\u001b[0m del\u007f'],
  ['whitespace only', ' \t\n '],
  ['astral plane', '\u{1d54f}\u{10ffff}\u{e0001}'],
  ['64 KiB of ASCII, exactly at the limit', 'a'.repeat(TEXT)],
  ['64 KiB of 4-byte emoji, exactly at the limit', '😀'.repeat(TEXT / 4)],
  ['64 KiB of 3-byte €, plus one byte, exactly at the limit', `${'€'.repeat((TEXT - 1) / 3)}a`],
];

/** A subject made of `text` when it fits SHORT, else a fixed one. */
function subjectFor(text: string): string {
  return text.length <= SHORT ? text : 'subject';
}

describe('hostile but valid content', () => {
  test('the 64 KiB fixtures are exactly at the limit', () => {
    for (const [name, text] of HOSTILE_BUT_VALID.filter(([name]) => name.startsWith('64 KiB'))) {
      expect([name, Buffer.byteLength(text, 'utf8')]).toEqual([name, TEXT]);
    }
  });

  // Valid free text, however it looks, comes back byte for byte from the log and from every projection.
  test.each(HOSTILE_BUT_VALID.map(([name, text]) => [name, text] as const))(
    'valid_text_round_trips_exactly: %s',
    async (_, text) => {
      const db = createInMemoryDb();
      const store = EventStore.fromDb(db);
      const message = createEvent('message_sent', {
        project_key: P,
        message_id: 'msg-hostile',
        from: 'viper-1',
        to: ['viper-2'],
        subject: subjectFor(text),
        body: text,
      });
      const sortie = createEvent('sortie_created', {
        project_key: P,
        sortie_id: 'sortie-hostile',
        title: subjectFor(text),
        description: text,
      });
      await registerPilots(store, P, ['viper-1']);
      const stored = await store.appendMany([message, sortie], P);

      const read = await store.query({ project_key: P, after_sequence: 1 });
      expect(read).toEqual(stored);
      const [readMessage, readSortie] = read as [typeof message, typeof sortie];
      expect(readMessage.body).toBe(text);
      expect(readSortie.description).toBe(text);
      expect(Buffer.from(readMessage.body, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);

      const [row] = await db.select().from(messagesTable);
      expect(row?.body).toBe(text);
      expect(row?.subject).toBe(subjectFor(text));
      const [sortieRow] = await db.select().from(sortiesTable);
      expect(sortieRow?.description).toBe(text);
      expect(sortieRow?.title).toBe(subjectFor(text));
    },
  );

  // A title of exactly SHORT UTF-16 code units (100 emoji) is accepted and stored as given.
  test('title_at_short_limit_round_trips', async () => {
    const db = createInMemoryDb();
    const store = EventStore.fromDb(db);
    const title = '😀'.repeat(SHORT / 2);
    await store.append(createEvent('mission_created', { project_key: P, mission_id: 'mission-1', title }), P);
    const [event] = await store.query({ project_key: P });
    expect((event as { title?: string } | undefined)?.title).toBe(title);
    const rows = await db.$client.all({ sql: 'SELECT title FROM missions' });
    expect(rows[0]?.['title']).toBe(title);
  });

  // Checkpoint state with keys named like prototype members round-trips as data and pollutes nothing.
  test('checkpoint_state_with_proto_keys_round_trips_as_data', async () => {
    const db = createInMemoryDb();
    const store = EventStore.fromDb(db);
    const stateJson =
      '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},"":"empty key","ключ":"значение","a\\"b":"\\u0000"}';
    const state = JSON.parse(stateJson) as Record<string, never>;
    await registerPilots(store, P, ['viper-1']);
    await store.append(
      createEvent('checkpoint_created', {
        project_key: P,
        checkpoint_id: 'ckpt-proto',
        callsign: 'viper-1',
        summary: 'proto keys',
        state,
      }),
      P,
    );
    const [event] = await store.query({ project_key: P, types: ['checkpoint_created'] });
    const readState = (event as { state?: object } | undefined)?.state;
    expect(JSON.stringify(readState)).toBe(stateJson);
    expect(Object.getPrototypeOf(readState)).toBe(Object.prototype);
    const [row] = await db.select().from(checkpointsTable);
    expect(row?.state).toBe(JSON.stringify(state));
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  // Any NUL-free text fast-check makes (any code point, graphemes) round-trips into messages.body exactly.
  test('generated_text_round_trips_into_projections', async () => {
    const db = createInMemoryDb();
    const store = EventStore.fromDb(db);
    await registerPilots(store, P, ['a']);
    let n = 0;
    const text = fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }),
      )
      .filter((value) => !value.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        n += 1;
        const message_id = `msg-gen${n}`;
        await store.append(
          createEvent('message_sent', {
            project_key: P,
            message_id,
            from: 'a',
            to: ['b'],
            subject: 's',
            body,
          }),
          P,
        );
        const [event] = await store.query({ project_key: P, order: 'desc', limit: 1 });
        expect((event as { body?: string } | undefined)?.body).toBe(body);
        const rows = await db.$client.all({
          sql: 'SELECT body FROM messages WHERE message_id = ?',
          args: [message_id],
        });
        expect(rows[0]?.['body']).toBe(body);
      }),
      { numRuns: 100 },
    );
  });

  // Invariant: text SQLite cannot hand back exactly (NUL, unpaired surrogates) is refused, never altered.
  test.each([
    ['text_with_nul_is_refused', 'before\u0000after'],
    ['text_with_lone_surrogate_is_refused', 'half \ud800 pair'],
    ['text_with_lone_low_surrogate_is_refused', 'half \udc00 pair'],
  ])('%s', async (_, body) => {
    const db = createInMemoryDb();
    const store = EventStore.fromDb(db);
    const event = { ...EXAMPLES.message_sent, project_key: P, body };
    const error = await failureOf(store.append(event as never, P));
    expect(error).toMatchObject({ code: 'EVENT_INVALID' });
    expect((error as Error).message).toContain('body');
    expect(await store.count(P)).toBe(0);
    expect(await db.select().from(messagesTable)).toEqual([]);
  });
});
