import { describe, expect, test } from 'bun:test';

import { FleetError, InvalidTransitionError } from '@fleettools/core';
import { createInMemoryDb } from '@fleettools/db';

import {
  AlreadyReleasedError,
  EventStore,
  EventValidationError,
  ReservationConflictError,
  ReferenceNotFoundError,
  UnauthorizedError,
  compact,
  createEvent,
  getActiveReservations,
  takeSnapshot,
  type CreateEventFields,
  type FleetEvent,
  type FleetEventType,
} from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { registerPilots } from '../support/pilots.js';
import { storeSnapshot } from '../support/projection-snapshot.js';

const P = '/invariants';

/** A store with pilots `alpha`, `beta` registered, and an `add` for events of P. */
async function setup() {
  const db = createInMemoryDb();
  const store = EventStore.fromDb(db);
  await registerPilots(store, P, ['alpha', 'beta']);
  const event = <T extends FleetEventType>(
    type: T,
    fields: Omit<CreateEventFields<T>, 'project_key'>,
  ): FleetEvent => createEvent(type, { ...fields, project_key: P } as CreateEventFields<T>);
  /** Builds (createEvent validates) and appends: an invalid event is a rejection, as a refusal is. */
  const add = async <T extends FleetEventType>(type: T, fields: Omit<CreateEventFields<T>, 'project_key'>) =>
    store.append(event(type, fields), P);
  /** Expects the append to be refused with `errorClass` and `code`, and nothing (log, projections) written. */
  const refused = async (
    attempt: () => Promise<unknown>,
    errorClass: abstract new (...args: never[]) => FleetError,
    code: string,
  ): Promise<FleetError> => {
    const before = await storeSnapshot(db);
    const error = await failureOf(attempt());
    expect(error).toBeInstanceOf(errorClass);
    expect((error as FleetError).code).toBe(code);
    expect(await storeSnapshot(db)).toEqual(before);
    return error as FleetError;
  };
  return { db, store, event, add, refused };
}

describe('lifecycles are enforced at append', () => {
  test('a completed sortie cannot start again: InvalidTransitionError naming entity, statuses and what is allowed', async () => {
    const { add, refused } = await setup();
    await add('sortie_created', { sortie_id: 'sortie-1', title: 't' });
    await add('sortie_started', { sortie_id: 'sortie-1', callsign: 'alpha' });
    await add('sortie_completed', { sortie_id: 'sortie-1', callsign: 'alpha' });
    const error = await refused(
      () => add('sortie_started', { sortie_id: 'sortie-1', callsign: 'alpha' }),
      InvalidTransitionError,
      'INVALID_TRANSITION',
    );
    expect(error.details).toEqual({
      entity: 'sortie',
      id: 'sortie-1',
      from: 'completed',
      to: 'in_progress',
      allowed: [],
    });
    expect(error.message).toContain('completed is final');
  });

  test('a failed sortie cannot complete; a pending one cannot complete without starting', async () => {
    const { add, refused } = await setup();
    await add('sortie_created', { sortie_id: 'sortie-1', title: 't' });
    const pending = await refused(
      () => add('sortie_completed', { sortie_id: 'sortie-1', callsign: 'alpha' }),
      InvalidTransitionError,
      'INVALID_TRANSITION',
    );
    expect(pending.details).toMatchObject({
      from: 'pending',
      to: 'completed',
      allowed: ['in_progress', 'failed'],
    });
    await add('sortie_failed', { sortie_id: 'sortie-1', callsign: 'alpha', reason: 'broken' });
    await refused(
      () => add('sortie_completed', { sortie_id: 'sortie-1', callsign: 'alpha' }),
      InvalidTransitionError,
      'INVALID_TRANSITION',
    );
  });

  test('a completed mission cannot start again; a cancelled one cannot complete', async () => {
    const { add, refused } = await setup();
    await add('mission_created', { mission_id: 'mission-1', title: 'm' });
    await add('mission_started', { mission_id: 'mission-1', callsign: 'alpha' });
    await add('mission_completed', { mission_id: 'mission-1' });
    const error = await refused(
      () => add('mission_started', { mission_id: 'mission-1', callsign: 'alpha' }),
      InvalidTransitionError,
      'INVALID_TRANSITION',
    );
    expect(error.details).toMatchObject({ entity: 'mission', from: 'completed', to: 'in_progress' });
    await add('mission_created', { mission_id: 'mission-2', title: 'm' });
    await add('mission_cancelled', { mission_id: 'mission-2', reason: 'dropped' });
    await refused(
      () => add('mission_completed', { mission_id: 'mission-2' }),
      InvalidTransitionError,
      'INVALID_TRANSITION',
    );
  });

  test('work orders follow their table; a pilot cannot deregister twice', async () => {
    const { add, refused } = await setup();
    await add('sortie_created', { sortie_id: 'sortie-1', title: 't' });
    await add('work_order_created', { work_order_id: 'wo-1', sortie_id: 'sortie-1', title: 'w' });
    const error = await refused(
      () => add('work_order_completed', { work_order_id: 'wo-1', callsign: 'alpha' }),
      InvalidTransitionError,
      'INVALID_TRANSITION',
    );
    expect(error.details).toMatchObject({ entity: 'work order', from: 'pending', to: 'completed' });
    await add('pilot_deregistered', { callsign: 'beta' });
    const twice = await refused(
      () => add('pilot_deregistered', { callsign: 'beta' }),
      InvalidTransitionError,
      'INVALID_TRANSITION',
    );
    expect(twice.details).toMatchObject({
      entity: 'pilot',
      from: 'deregistered',
      to: 'deregistered',
      allowed: ['active'],
    });
  });
});

describe('references must exist in the project', () => {
  test.each([
    [
      'progress on a sortie never created',
      'sortie',
      () =>
        createEvent('sortie_progress', {
          project_key: P,
          sortie_id: 'sortie-none',
          callsign: 'alpha',
          progress: 5,
        }),
    ],
    [
      'completion of a mission never created',
      'mission',
      () => createEvent('mission_completed', { project_key: P, mission_id: 'mission-none' }),
    ],
    [
      'a sortie under a mission that does not exist',
      'mission',
      () =>
        createEvent('sortie_created', {
          project_key: P,
          sortie_id: 'sortie-1',
          title: 't',
          mission_id: 'mission-none',
        }),
    ],
    [
      'a work order under a sortie that does not exist',
      'sortie',
      () =>
        createEvent('work_order_created', {
          project_key: P,
          work_order_id: 'wo-1',
          sortie_id: 'sortie-none',
          title: 'w',
        }),
    ],
    [
      'a start of a work order never created',
      'work order',
      () =>
        createEvent('work_order_started', { project_key: P, work_order_id: 'wo-none', callsign: 'alpha' }),
    ],
    [
      'closing a thread never created',
      'thread',
      () => createEvent('thread_closed', { project_key: P, thread_id: 'thread-none', callsign: 'alpha' }),
    ],
    [
      'reading a message never sent',
      'message',
      () => createEvent('message_read', { project_key: P, message_id: 'msg-none', callsign: 'alpha' }),
    ],
    [
      'releasing a reservation never made (forced or not)',
      'reservation',
      () =>
        createEvent('file_released', {
          project_key: P,
          reservation_id: 'rsv-none',
          callsign: 'alpha',
          override_reason: 'cleanup',
        }),
    ],
    [
      'releasing a lock never taken',
      'lock',
      () =>
        createEvent('lock_released', {
          project_key: P,
          resource: 'deploy',
          lock_id: 'lock-none',
          callsign: 'alpha',
          override_reason: 'cleanup',
        }),
    ],
    [
      'restoring a checkpoint never created',
      'checkpoint',
      () =>
        createEvent('checkpoint_restored', { project_key: P, checkpoint_id: 'ckpt-none', callsign: 'alpha' }),
    ],
    [
      'recovering sorties that do not exist',
      'sortie',
      () =>
        createEvent('fleet_recovered', {
          project_key: P,
          callsign: 'beta',
          recovered_by: 'alpha',
          sortie_ids: ['sortie-none'],
        }),
    ],
  ])('%s: ReferenceNotFoundError, nothing written', async (_name, entity, make) => {
    const { store, refused } = await setup();
    const error = await refused(() => store.append(make(), P), ReferenceNotFoundError, 'REFERENCE_NOT_FOUND');
    expect(error.details).toMatchObject({ entity });
  });
});

describe('acting pilots must be registered and not deregistered', () => {
  test('a pilot that never registered cannot reserve or start a sortie', async () => {
    const { add, refused } = await setup();
    await add('sortie_created', { sortie_id: 'sortie-1', title: 't' });
    const reserve = await refused(
      () => add('file_reserved', { reservation_id: 'rsv-1', callsign: 'ghost', paths: ['src/a.ts'] }),
      UnauthorizedError,
      'UNAUTHORIZED',
    );
    expect(reserve.message).toContain('never registered');
    await refused(
      () => add('sortie_started', { sortie_id: 'sortie-1', callsign: 'ghost' }),
      UnauthorizedError,
      'UNAUTHORIZED',
    );
  });

  test('metadata.actor cannot lend a deregistered pilot the standing of a registered one', async () => {
    const { add, refused } = await setup();
    await add('pilot_deregistered', { callsign: 'beta' });
    await refused(
      () =>
        add('file_reserved', {
          reservation_id: 'rsv-1',
          callsign: 'beta',
          paths: ['a.ts'],
          metadata: { actor: 'alpha' },
        }),
      UnauthorizedError,
      'UNAUTHORIZED',
    );
    await refused(
      () =>
        add('file_reserved', {
          reservation_id: 'rsv-1',
          callsign: 'alpha',
          paths: ['a.ts'],
          metadata: { actor: 'beta' },
        }),
      UnauthorizedError,
      'UNAUTHORIZED',
    );
  });
});

describe('releases and retries', () => {
  test('a reservation released twice: the second release is refused, a retry of the first returns it', async () => {
    const { store, add, event, refused } = await setup();
    await add('file_reserved', { reservation_id: 'rsv-1', callsign: 'alpha', paths: ['a.ts'] });
    const release = event('file_released', { reservation_id: 'rsv-1', callsign: 'alpha' });
    const stored = await store.append(release, P);
    expect(await store.append(release, P)).toEqual(stored);
    const error = await refused(
      () => add('file_released', { reservation_id: 'rsv-1', callsign: 'alpha' }),
      AlreadyReleasedError,
      'ALREADY_RELEASED',
    );
    expect(error.details).toMatchObject({ entity: 'reservation', id: 'rsv-1' });
    expect(await store.count(P, { types: ['file_released'] })).toBe(1);
  });

  test('a lock released twice is refused', async () => {
    const { add, refused } = await setup();
    await add('lock_acquired', { resource: 'deploy', lock_id: 'lock-1', callsign: 'alpha' });
    await add('lock_released', { resource: 'deploy', lock_id: 'lock-1', callsign: 'alpha' });
    await refused(
      () => add('lock_released', { resource: 'deploy', lock_id: 'lock-1', callsign: 'alpha' }),
      AlreadyReleasedError,
      'ALREADY_RELEASED',
    );
  });

  test('a retried reservation, after the state moved on, returns the stored event: no second decision, no file_conflict', async () => {
    const { store, add, event } = await setup();
    const reserve = event('file_reserved', { reservation_id: 'rsv-1', callsign: 'alpha', paths: ['a.ts'] });
    const stored = await store.append(reserve, P);
    await add('file_released', { reservation_id: 'rsv-1', callsign: 'alpha' });
    await add('file_reserved', { reservation_id: 'rsv-2', callsign: 'beta', paths: ['a.ts'] });
    const count = await store.count(P);
    expect(await store.append(reserve, P)).toEqual(stored);
    expect(await store.count(P)).toBe(count);
    expect(await store.count(P, { types: ['file_conflict'] })).toBe(0);
  });

  test('a retry of an archived event returns it and stores nothing (message_sent, file_reserved, pilot_registered)', async () => {
    const { db, store, event, add } = await setup();
    const message = event('message_sent', {
      message_id: 'msg-1',
      from: 'alpha',
      to: ['beta'],
      subject: 's',
      body: 'b',
    });
    const reserve = event('file_reserved', { reservation_id: 'rsv-1', callsign: 'alpha', paths: ['a.ts'] });
    const registration = event('pilot_registered', { callsign: 'gamma' });
    const registered = await store.append(registration, P);
    await add('pilot_active', { callsign: 'gamma' });
    const sent = await store.append(message, P);
    const reserved = await store.append(reserve, P);
    await add('message_read', { message_id: 'msg-1', callsign: 'beta' });
    const released = await add('file_released', { reservation_id: 'rsv-1', callsign: 'alpha' });
    await takeSnapshot(db, { projectKey: P });
    const result = await compact(db, { projectKey: P, before: (released.sequence ?? 0) + 1 });
    expect(result.archived).toBeGreaterThanOrEqual(3);
    const latest = await store.getLatestSequence(P);
    expect(await store.append(message, P)).toEqual(sent);
    expect(await store.append(reserve, P)).toEqual(reserved);
    expect(await store.append(registration, P)).toEqual(registered);
    expect(await store.appendMany([message], P)).toEqual([sent]);
    expect(await store.getLatestSequence(P)).toBe(latest);
    const changed = { ...message, body: 'other' } as FleetEvent;
    expect(await failureOf(store.append(changed, P))).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });
});

describe('bounds that keep a write cheap', () => {
  test('checkpoint state nested 30,000 levels deep: EventValidationError in milliseconds, nothing written', async () => {
    const { add, refused } = await setup();
    let state: Record<string, never> = {};
    for (let level = 1; level < 30_000; level++) state = { a: state } as unknown as Record<string, never>;
    const started = performance.now();
    await refused(
      () => add('checkpoint_created', { checkpoint_id: 'ckpt-1', callsign: 'alpha', summary: 's', state }),
      EventValidationError,
      'EVENT_INVALID',
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('a reservation with 20 brace groups is refused at validation; one with 33 alternatives too', async () => {
    const { add, refused } = await setup();
    for (const path of [
      `src/${'{a,b}'.repeat(20)}.ts`,
      `src/{${Array.from({ length: 33 }, (_, i) => `f${i}`).join(',')}}.ts`,
    ]) {
      const error = await refused(
        () => add('file_reserved', { reservation_id: 'rsv-1', callsign: 'alpha', paths: [path] }),
        EventValidationError,
        'EVENT_INVALID',
      );
      expect(error.message).toContain('alternatives');
    }
  });

  test('NFC and NFD spellings of one path conflict; a reserved directory covers what is below it', async () => {
    const { db, store, add } = await setup();
    /** Refused with RESERVATION_CONFLICT: only the refusal's record (a file_conflict) is written. */
    const conflicts = async (reservation_id: string, path: string) => {
      const events = await store.count(P);
      const error = await failureOf(
        add('file_reserved', { reservation_id, callsign: 'beta', paths: [path] }),
      );
      expect(error).toBeInstanceOf(ReservationConflictError);
      expect((error as FleetError).code).toBe('RESERVATION_CONFLICT');
      expect(await store.count(P)).toBe(events + 1);
      expect(await getActiveReservations(db, P, { callsign: 'beta' })).toEqual([]);
    };
    await add('file_reserved', { reservation_id: 'rsv-1', callsign: 'alpha', paths: ['src/cafe\u0301.ts'] });
    await conflicts('rsv-2', 'src/caf\u00e9.ts');
    await add('file_reserved', { reservation_id: 'rsv-3', callsign: 'alpha', paths: ['src/parser/'] });
    await conflicts('rsv-4', 'src/parser/ast.ts');
    await conflicts('rsv-5', 'SRC/Parser/AST.ts');
  });
});
