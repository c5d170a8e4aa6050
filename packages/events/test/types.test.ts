/**
 * Type-level tests, checked by `tsc --noEmit` (the `@ts-expect-error` lines fail the type check when the
 * error they expect disappears) and run by `bun test` like any other test.
 */
import type { Callsign, EventId, IsoTimestamp, SortieId } from '@fleettools/core';
import { expect, expectTypeOf, test } from 'bun:test';

import {
  createEvent,
  isEventType,
  validateEvent,
  type CreateEventFields,
  type EventOf,
  type FleetEvent,
  type FleetEventType,
} from '../src/index.js';
import type { SortieCreatedEvent } from '../src/internal.js';
import { EXAMPLES } from './support/examples.js';

const project_key = '/test/project';

test('EventOf, FleetEventType and the per-type aliases come from the schemas', () => {
  expectTypeOf<EventOf<'sortie_created'>>().toEqualTypeOf<SortieCreatedEvent>();
  expectTypeOf<EventOf<'sortie_created'>['sortie_id']>().toEqualTypeOf<SortieId>();
  expectTypeOf<EventOf<'sortie_created'>['title']>().toEqualTypeOf<string>();
  expectTypeOf<EventOf<'sortie_created'>['files']>().toEqualTypeOf<string[] | undefined>();
  expectTypeOf<FleetEvent['id']>().toEqualTypeOf<EventId>();
  expectTypeOf<FleetEvent['timestamp']>().toEqualTypeOf<IsoTimestamp>();
  expectTypeOf<'pilot_registered'>().toExtend<FleetEventType>();
  expectTypeOf<'no_such_type'>().not.toExtend<FleetEventType>();
  // defaults make the output field required
  expectTypeOf<EventOf<'message_sent'>['importance']>().toEqualTypeOf<'low' | 'normal' | 'high' | 'urgent'>();
  expectTypeOf<EventOf<'file_reserved'>['ttl_ms']>().toEqualTypeOf<number>();
});

test('isEventType narrows', () => {
  const event: FleetEvent = validateEvent(EXAMPLES.pilot_registered);
  if (isEventType(event, 'pilot_registered')) {
    expectTypeOf(event).toEqualTypeOf<EventOf<'pilot_registered'>>();
    expectTypeOf(event.callsign).toEqualTypeOf<Callsign>();
  } else {
    expectTypeOf(event).toEqualTypeOf<Exclude<FleetEvent, { type: 'pilot_registered' }>>();
  }
  expect(event.type).toBe('pilot_registered');
});

test('createEvent takes exactly the fields of its type', () => {
  const event = createEvent('sortie_created', { project_key, sortie_id: 'sortie-abc123', title: 'X' });
  expectTypeOf(event).toEqualTypeOf<EventOf<'sortie_created'>>();
  expectTypeOf<CreateEventFields<'sortie_created'>>().toHaveProperty('sortie_id');
  expectTypeOf<CreateEventFields<'sortie_created'>['id']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<CreateEventFields<'message_sent'>['importance']>().toEqualTypeOf<
    'low' | 'normal' | 'high' | 'urgent' | undefined
  >();

  const sortie = { project_key, sortie_id: 'sortie-1', title: 'X' };
  const rsv = { project_key, reservation_id: 'rsv-1', callsign: 'v', paths: ['a'] };
  const mistakes = [
    // @ts-expect-error an unknown event type
    () => createEvent('no_such_type', { project_key }),
    // @ts-expect-error an unknown field
    () => createEvent('sortie_created', { ...sortie, titel: 'typo' }),
    // @ts-expect-error a field of another type
    () => createEvent('sortie_created', { ...sortie, callsign: 'viper-1' }),
    // @ts-expect-error a missing required field
    () => createEvent('sortie_created', { project_key, sortie_id: 'sortie-1' }),
    // @ts-expect-error a field of the wrong type
    () => createEvent('sortie_progress', { project_key, sortie_id: 's', callsign: 'v', progress: '50' }),
    // @ts-expect-error `type` is the first argument, not a field
    () => createEvent('pilot_active', { project_key, callsign: 'v', type: 'pilot_active' }),
    // @ts-expect-error an enum value outside the catalog
    () => createEvent('file_reserved', { ...rsv, mode: 'open' }),
  ];
  expect(mistakes).toHaveLength(7);
});
