import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import { closeFleetDb, createFleetDb, eventsTable, pilotsTable, type FleetDB } from '@fleettools/db';

import { EventStore, StoreBusyError, createEvent, handleEvent, replayEvents } from '../../src/index.js';
import { failureOf } from '../support/failure.js';
import { holdWriteLock } from '../support/hold-lock.js';

const dirs: string[] = [];
const opened: FleetDB[] = [];
function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const db of opened) await closeFleetDb(db);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the specification, verbatim, on a file database', () => {
  // The spec's "End-to-End Event Flow", with a temporary directory as the project path.
  test('End-to-End Event Flow', async () => {
    const projectPath = tempProject();
    // Setup
    const db = createFleetDb({ projectPath });
    opened.push(db);
    const store = EventStore.fromDb(db);

    // Event creation and storage
    const event = createEvent('pilot_registered', {
      project_key: '/test/project',
      callsign: 'viper-1',
    });

    const stored = await store.append(event, '/test/project');
    expect(stored.sequence).toBe(1);

    // Query verification
    const events = await store.query({ project_key: '/test/project' });
    expect(events).toHaveLength(1);
    if (events[0]?.type !== 'pilot_registered') throw new Error('expected pilot_registered');
    expect<string>(events[0].callsign).toBe('viper-1');

    // Projection verification
    const pilots = await db.select().from(pilotsTable);
    expect(pilots).toHaveLength(1);
    expect(pilots[0]?.callsign).toBe('viper-1');

    // Connection test of the spec's Database Creation section.
    expect(await db.select().from(eventsTable).limit(1)).toHaveLength(1);
  });

  // The spec's "Projection Updates": handleEvent returns what changed.
  test('handleEvent updates the projections of one event', async () => {
    const db = createFleetDb({ projectPath: tempProject() });
    opened.push(db);
    const event = createEvent('sortie_created', {
      project_key: '/test/project',
      sortie_id: 'sortie-abc123',
      title: 'Implement feature X',
    });
    const result = await handleEvent(db, event, '/test/project');
    expect(result).toEqual({ sorties: 1 });
  });
});

describe('busy beyond the timeout', () => {
  // Invariant: a writer that cannot get the lock in time gets StoreBusyError and writes nothing.
  test('store_busy_writes_nothing', async () => {
    const projectPath = tempProject();
    const holder = createFleetDb({ projectPath });
    const writer = createFleetDb({ projectPath, busyTimeoutMs: 50 });
    opened.push(holder, writer);
    const store = EventStore.fromDb(writer);
    await store.append(createEvent('pilot_registered', { project_key: '/p', callsign: 'first' }), '/p');

    const release = await holdWriteLock(holder);
    try {
      const event = createEvent('pilot_registered', { project_key: '/p', callsign: 'viper-1' });
      const appendError = await failureOf(store.append(event, '/p'));
      expect(appendError).toBeInstanceOf(StoreBusyError);
      expect(appendError).toMatchObject({ code: 'STORE_BUSY', details: { operation: 'append' } });
      const replayError = await failureOf(replayEvents(writer, { projectKey: '/p' }));
      expect(replayError).toMatchObject({ code: 'STORE_BUSY', details: { operation: 'replayEvents' } });
      const handleError = await failureOf(handleEvent(writer, event, '/p'));
      expect(handleError).toMatchObject({ code: 'STORE_BUSY', details: { operation: 'append' } });
    } finally {
      await release();
    }
    // Once the lock is gone, the same store writes again, and nothing of the refused writes is there.
    expect(await store.count('/p')).toBe(1);
    const later = await store.append(
      createEvent('pilot_active', { project_key: '/p', callsign: 'first' }),
      '/p',
    );
    expect(later.sequence).toBe(2);
    expect(await writer.select().from(pilotsTable)).toHaveLength(1);
  });
});
