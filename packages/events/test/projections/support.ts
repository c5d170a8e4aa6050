import { type FleetDB } from '@fleettools/db';

import {
  EventStore,
  createEvent,
  type CreateEventFields,
  type FleetEvent,
  type FleetEventType,
} from '../../src/index.js';
import { openTestDb } from '../support/target.js';

/** The project every projection test writes to. */
export const PROJECT = '/test/project';

/**
 * Instants one minute apart from the minute these tests started: T(0), T(1)… The store judges expiry at its
 * own clock (the real one), so a reservation made at T(0) is live while the tests run.
 */
const START = Math.floor(Date.now() / 60_000) * 60_000;

/** The instant `minute` minutes after {@link START} (negative: before). */
export function T(minute: number): string {
  return new Date(START + minute * 60_000).toISOString();
}

/** Appends an event of PROJECT at `timestamp`, built from its type's own fields. */
export type Append = <T extends FleetEventType>(
  type: T,
  fields: Omit<CreateEventFields<T>, 'project_key' | 'timestamp'>,
  timestamp: string,
) => Promise<FleetEvent>;

/** A fresh in-memory database, its store, and an `append` for PROJECT. */
export function fleet(): { db: FleetDB; store: EventStore; append: Append } {
  const db = openTestDb();
  const store = EventStore.fromDb(db);
  const append: Append = (type, fields, timestamp) =>
    store.append(
      createEvent(type, { ...fields, project_key: PROJECT, timestamp } as CreateEventFields<typeof type>),
      PROJECT,
    );
  return { db, store, append };
}

/** The pilots the projection tests make act. */
export const PILOTS = ['lead', 'viper-1', 'viper-2', 'viper-3', 'lost', 'other', 'rescuer', 'rescuer-2'];

/** {@link fleet}, with these pilots registered first (at T(-1)), as the store requires of acting pilots. */
export async function registeredFleet(
  pilots: readonly string[],
): Promise<{ db: FleetDB; store: EventStore; append: Append }> {
  const setup = fleet();
  for (const callsign of pilots) await setup.append('pilot_registered', { callsign }, T(-1));
  return setup;
}
