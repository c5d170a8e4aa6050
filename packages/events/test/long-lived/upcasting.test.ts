/**
 * Event schema versions (specs §7.3): a database written by an older release, whose `sortie_progress`
 * events are at schema version 1 of an older shape, replays under a release where that type is at version 2,
 * through the upcaster registry. The fixture file was written by `write-v1-fixture.ts`.
 */
import { afterAll, describe, expect, test } from 'bun:test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb, createInMemoryDb } from '@fleettools/db';

import {
  defaultUpcasters,
  EventSchemaVersionError,
  EventStore,
  EventUpcastError,
  createEvent,
  getPilot,
  getSortie,
  replayEvents,
  UpcasterRegistry,
} from '../../src/index.js';
import { eventFromRow } from '../../src/log/event-rows.js';
import { removeTempProjects, tempProject } from '../fixtures/harness.js';
import { failureOf } from '../support/failure.js';

afterAll(removeTempProjects);

const FIXTURE = fileURLToPath(new URL('../fixtures/v1-sortie-progress.db', import.meta.url));
const PROJECT = '/fixture/v1';

/**
 * The next release's registry: this release's `pilot_registered` v2 (its v1 step keeps the event), and
 * `sortie_progress` v2 with `progress` 0–100 where v1 had `percent` 0–1.
 */
function nextRelease(): UpcasterRegistry {
  return new UpcasterRegistry({ pilot_registered: 2, sortie_progress: 2 })
    .register('pilot_registered', 1, (event) => event)
    .register('sortie_progress', 1, ({ percent, ...rest }) => ({
      ...rest,
      progress: Math.round(Number(percent) * 100),
    }));
}

/** A copy of the fixture opened (and migrated forward) as a project's database. */
function openFixture() {
  const projectPath = tempProject();
  mkdirSync(join(projectPath, '.fleet'));
  copyFileSync(FIXTURE, join(projectPath, '.fleet', 'fleet.db'));
  return createFleetDb({ projectPath });
}

describe('a database written by an older release', () => {
  // Invariant: old rows are never rewritten; they are upcast on read, and replay gives the current state.
  test('replays under the newer release through its upcasters', async () => {
    const db = openFixture();
    try {
      const result = await replayEvents(db, { projectKey: PROJECT, upcasters: nextRelease() });
      expect(result.events).toBe(5);
      expect(await getSortie(db, PROJECT, 'sortie-v1')).toMatchObject({
        status: 'in_progress',
        progress: 40,
      });
      const stored = await db.$client.all({
        sql: "SELECT schema_version, data FROM events WHERE id = 'evt-v1e'",
      });
      expect(stored[0]?.['schema_version']).toBe(1);
      expect(stored[0]?.['data']).toContain('"percent":0.4');
      // Rows are read as events at the current version.
      const rows = await db.$client.all({
        sql: "SELECT id, type, project_key, timestamp, sequence, stream_version, data, metadata, schema_version FROM events WHERE type = 'sortie_progress' ORDER BY sequence",
      });
      expect(rows.map((row) => eventFromRow(row, nextRelease()))).toMatchObject([
        { id: 'evt-v1d', type: 'sortie_progress', progress: 25, sequence: 4 },
        { id: 'evt-v1e', progress: 40, note: 'parser half done' },
      ]);
      // The current release reads the same database too: its other events are current.
      expect(await EventStore.fromDb(db).count(PROJECT)).toBe(5);
    } finally {
      await closeFleetDb(db);
    }
  });
});

describe('UpcasterRegistry', () => {
  test('this release: pilot_registered at version 2, every other type at version 1', () => {
    expect(defaultUpcasters.currentVersion('sortie_progress')).toBe(1);
    expect(defaultUpcasters.currentVersion('pilot_registered')).toBe(2);
    const raw = { id: 'evt-x', type: 'pilot_active' };
    expect(defaultUpcasters.upcast(raw, 1)).toBe(raw as never);
  });

  // pilot_registered v2 added the optional worktree and branch: a v1 registration reads as one without them.
  test('a version-1 registration of an older release reads at version 2; a new one is stored at version 2', async () => {
    const db = openFixture();
    try {
      const store = EventStore.fromDb(db);
      const [old] = await store.query({ project_key: PROJECT, types: ['pilot_registered'] });
      expect(old).toMatchObject({ type: 'pilot_registered', callsign: 'viper-1' });
      expect(old).not.toHaveProperty('worktree');
      await store.append(
        createEvent('pilot_registered', {
          project_key: PROJECT,
          callsign: 'viper-2',
          worktree: '/repo/wt-2',
          branch: 'feat/lexer',
        }),
        PROJECT,
      );
      const rows = await db.$client.all({
        sql: `SELECT schema_version FROM events WHERE project_key = ? AND type = 'pilot_registered' ORDER BY sequence`,
        args: [PROJECT],
      });
      expect(rows.map((row) => row['schema_version'])).toEqual([1, 2]);
      expect(await getPilot(db, PROJECT, 'viper-2')).toMatchObject({
        worktree: '/repo/wt-2',
        branch: 'feat/lexer',
      });
      const result = await replayEvents(db, { projectKey: PROJECT, upcasters: nextRelease() });
      expect(result.events).toBe(6);
      expect(await getPilot(db, PROJECT, 'viper-1')).toMatchObject({ worktree: null, branch: null });
    } finally {
      await closeFleetDb(db);
    }
  });

  test('a version newer than the current one, or without a step, is an EventSchemaVersionError', async () => {
    const db = createInMemoryDb();
    await db.$client.run({
      sql: `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data, schema_version)
      VALUES ('evt-new', '/p', 1, 'pilot_active', 'pilot:a', 1, '2025-01-01T00:00:00.000Z', '{"callsign":"a"}', 2)`,
    });
    const error = await failureOf(EventStore.fromDb(db).query({ project_key: '/p' }));
    expect(error).toBeInstanceOf(EventSchemaVersionError);
    expect(error).toMatchObject({
      code: 'EVENT_SCHEMA_VERSION_UNSUPPORTED',
      details: { version: 2, current: 1 },
    });
    expect((error as Error).message).toContain('newer');
    const gap = new UpcasterRegistry({ pilot_active: 3 }).register('pilot_active', 2, (event) => event);
    expect(() => gap.upcast({ id: 'evt-y', type: 'pilot_active' }, 1)).toThrow(/no upcaster/);
    expect(() => gap.upcast({ id: 'evt-y', type: 'pilot_active' }, 0)).toThrow(EventSchemaVersionError);
  });

  test('a step that throws, or yields an invalid event, is an EventUpcastError', () => {
    const throwing = new UpcasterRegistry({ pilot_active: 2 }).register('pilot_active', 1, () => {
      throw new Error('boom');
    });
    expect(() => throwing.upcast({ id: 'evt-z', type: 'pilot_active' }, 1)).toThrow(EventUpcastError);
    const invalid = new UpcasterRegistry({ pilot_active: 2 }).register('pilot_active', 1, (event) => ({
      ...event,
      bogus: 1,
    }));
    expect(() => invalid.upcast({ id: 'evt-z', type: 'pilot_active' }, 1)).toThrow(/Upcasting event evt-z/);
    expect(() => invalid.upcast({ id: 'evt-z', type: 'pilot_active' }, 1)).toThrow(EventUpcastError);
  });

  test('steps are checked when registered', () => {
    const registry = new UpcasterRegistry({ pilot_active: 2 });
    expect(() => registry.register('pilot_active', 2, (e) => e)).toThrow(RangeError);
    expect(() => registry.register('pilot_registered', 1, (e) => e)).toThrow(RangeError);
    registry.register('pilot_active', 1, (e) => e);
    expect(() => registry.register('pilot_active', 1, (e) => e)).toThrow(/already/);
    expect(() => new UpcasterRegistry({ pilot_active: 0 })).toThrow(RangeError);
  });
});
