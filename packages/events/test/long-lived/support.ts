/** Shared helpers of the long-lived tests: a project with events appended live, and its tables. */
import type { FleetDB } from '@fleettools/db';

import { createEvent, EventStore, type FleetEvent } from '../../src/index.js';
import { projectionSnapshot, type ProjectionSnapshot } from '../support/projection-snapshot.js';

/** The project key of these tests. */
export const P = '/long/project';

/**
 * `n` events of a small, realistic mix touching many tables (pilots, messages, sorties, locks, cursors),
 * numbered from `from`; every stream gets many events, so compaction has something to archive. Each run of 8
 * (from a multiple of 8) registers the pilots it makes act before they act, as the store requires.
 */
export function mixedEvents(n: number, from = 0, projectKey = P): FleetEvent[] {
  const events: FleetEvent[] = [];
  const at = (i: number): string => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  for (let i = from; i < from + n; i += 1) {
    const common = { project_key: projectKey, timestamp: at(i) };
    const pilot = `pilot-${String(Math.floor(i / 8) % 3)}`;
    switch (i % 8) {
      case 0:
        events.push(createEvent('pilot_registered', { ...common, callsign: pilot }));
        break;
      case 1:
        events.push(
          createEvent('message_sent', {
            ...common,
            message_id: `msg-m${String(i)}`,
            from: pilot,
            to: ['pilot-9'],
            subject: 's',
            body: `body ${String(i)}`,
            thread_id: `thread-t${String(i % 4)}`,
          }),
        );
        break;
      case 2:
        events.push(
          createEvent('sortie_created', { ...common, sortie_id: `sortie-s${String(i)}`, title: 't' }),
        );
        break;
      case 3:
        events.push(
          createEvent('sortie_started', {
            ...common,
            sortie_id: `sortie-s${String(i - 1)}`,
            callsign: pilot,
          }),
        );
        break;
      case 4:
        events.push(createEvent('pilot_registered', { ...common, callsign: 'pilot-9' }));
        break;
      case 5:
        events.push(createEvent('cursor_moved', { ...common, consumer: 'indexer', position: i }));
        break;
      case 6:
        events.push(
          createEvent('message_read', {
            ...common,
            message_id: `msg-m${String(i - 5)}`,
            callsign: 'pilot-9',
          }),
        );
        break;
      default:
        events.push(createEvent('pilot_active', { ...common, callsign: 'pilot-9' }));
    }
  }
  return events;
}

/** Appends events live, in batches of `batch`. */
export async function appendAll(
  db: FleetDB,
  events: readonly FleetEvent[],
  batch = 50,
  projectKey = P,
): Promise<void> {
  const store = EventStore.fromDb(db);
  for (let at = 0; at < events.length; at += batch)
    await store.appendMany(events.slice(at, at + batch), projectKey);
}

/** The project's projection tables. */
export function tables(db: FleetDB, projectKey = P): Promise<ProjectionSnapshot> {
  return projectionSnapshot(db, projectKey);
}
