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

/** Instants one minute apart from 2025-01-09T14:00:00.000Z: T(0), T(1)… */
export function T(minute: number): string {
  return new Date(Date.UTC(2025, 0, 9, 14, minute)).toISOString();
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
