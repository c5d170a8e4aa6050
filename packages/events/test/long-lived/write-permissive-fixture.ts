/**
 * Writes `test/fixtures/permissive-log.db`: a FleetTools database as the release before the store enforced
 * lifecycles, references, registered pilots, single releases, bounded globs and its own clock left it, with a
 * log that breaks every one of those rules and the projections that release built live from it.
 *
 * It must run against that older release (this release refuses most of these events): the committed file was
 * made from a `git archive` of the commit before issue 14 (70d46eb), with this script copied into its
 * packages/events/test/long-lived and run there: `bun test/long-lived/write-permissive-fixture.ts <out.db>`.
 * The test `permissive-log.test.ts` opens a copy with this release and replays it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';
import { EventStore, createEvent } from '@fleettools/events';

/** The project key of the fixture. */
export const PERMISSIVE_PROJECT = '/fixture/permissive';

const [out] = process.argv.slice(2);
if (out === undefined) {
  console.error('usage: write-permissive-fixture.ts <out.db>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'fleet-permissive-fixture-'));
const db = createFleetDb({ projectPath: dir });
await fleetDbReady(db);
const store = EventStore.fromDb(db);
const p = PERMISSIVE_PROJECT;
let second = 0;
const at = (): string => new Date(Date.UTC(2026, 0, 1, 0, 0, (second += 1))).toISOString();
const add = (event: ReturnType<typeof createEvent>) => store.append(event, p);

await add(createEvent('pilot_registered', { project_key: p, callsign: 'viper-1', timestamp: at() }));
// A sortie under a mission that never existed, completed, then started again; progress on a sortie never made.
await add(
  createEvent('sortie_created', {
    project_key: p,
    sortie_id: 'sortie-1',
    title: 't',
    mission_id: 'mission-none',
    timestamp: at(),
  }),
);
await add(
  createEvent('sortie_started', {
    project_key: p,
    sortie_id: 'sortie-1',
    callsign: 'viper-1',
    timestamp: at(),
  }),
);
await add(
  createEvent('sortie_completed', {
    project_key: p,
    sortie_id: 'sortie-1',
    callsign: 'viper-1',
    timestamp: at(),
  }),
);
await add(
  createEvent('sortie_started', {
    project_key: p,
    sortie_id: 'sortie-1',
    callsign: 'viper-1',
    timestamp: at(),
  }),
);
await add(
  createEvent('sortie_progress', {
    project_key: p,
    sortie_id: 'sortie-none',
    callsign: 'viper-1',
    progress: 40,
    timestamp: at(),
  }),
);
await add(createEvent('mission_completed', { project_key: p, mission_id: 'mission-none', timestamp: at() }));
// A pilot that never registered reserves (a glob of 65 alternatives, and an NFD path), then releases twice.
await add(
  createEvent('file_reserved', {
    project_key: p,
    reservation_id: 'rsv-ghost',
    callsign: 'ghost',
    paths: [
      `src/{${Array.from({ length: 65 }, (_, i) => `f${String(i)}`).join(',')}}.ts`,
      'src/cafe\u0301.ts',
    ],
    timestamp: at(),
  }),
);
await add(
  createEvent('file_released', {
    project_key: p,
    reservation_id: 'rsv-ghost',
    callsign: 'ghost',
    timestamp: at(),
  }),
);
await add(
  createEvent('file_released', {
    project_key: p,
    reservation_id: 'rsv-ghost',
    callsign: 'ghost',
    timestamp: at(),
  }),
);
// Twenty brace groups, and an exclusive file taken by an event stamped far in the future.
await add(
  createEvent('file_reserved', {
    project_key: p,
    reservation_id: 'rsv-braces',
    callsign: 'viper-1',
    paths: [`lib/${'{a,b}'.repeat(20)}.ts`],
    timestamp: at(),
  }),
);
await add(
  createEvent('lock_acquired', {
    project_key: p,
    resource: 'deploy',
    lock_id: 'lock-1',
    callsign: 'viper-1',
    timestamp: '2099-01-01T00:00:00.000Z',
  }),
);
await add(createEvent('pilot_deregistered', { project_key: p, callsign: 'viper-1', timestamp: at() }));
// One self-contained file (the log and the projections the older release built live), WAL folded in.
await db.$client.run({ sql: 'VACUUM INTO ?', args: [out] });
await closeFleetDb(db);
rmSync(dir, { recursive: true, force: true });
console.log(`wrote ${out}`);
