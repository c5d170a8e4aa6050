// The built packages (`dist/`, what other runtimes import) under Node: a file database and an in-memory one,
// each with an append, a decided append, a query, a count through the archive, a replay and a consumer; then
// the built `fleet` bin run by Node, and openFleet; 200 open/append/close cycles on a file: the process's
// descriptors are back at their baseline, and a copy of fleet.db alone (no WAL) holds every event.
// Run by CI after `bun run build`: `node scripts/node-smoke.mjs`. Exits 1 with the first difference.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb, createInMemoryDb, fleetDbReady } from '../packages/db/dist/index.js';
import { Consumer, EventStore, createEvent, replayEvents } from '../packages/events/dist/index.js';
import { openFleet } from '../packages/fleet/dist/index.js';

const FLEET_BIN = fileURLToPath(import.meta.resolve('../packages/fleet/dist/bin.js'));

const P = '/p';

/** Throws unless `actual` is `expected`. */
function expectSame(what, actual, expected) {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'fleet-node-smoke-'));
try {
  for (const [name, db] of [
    ['file', createFleetDb({ projectPath: dir })],
    ['memory', createInMemoryDb()],
  ]) {
    await fleetDbReady(db);
    const store = EventStore.fromDb(db);
    await store.append(createEvent('pilot_registered', { project_key: P, callsign: 'viper-1' }), P);
    await store.append(
      createEvent('file_reserved', {
        project_key: P,
        reservation_id: 'rsv-1',
        callsign: 'viper-1',
        paths: ['src/**'],
      }),
      P,
    );
    const events = await store.query({ project_key: P });
    expectSame(
      `${name}: query`,
      events.map((event) => event.type).join(','),
      'pilot_registered,file_reserved',
    );
    expectSame(`${name}: count`, await store.count(P, { include_archived: true }), 2);
    expectSame(`${name}: replay`, (await replayEvents(db, { projectKey: P })).events, 2);
    const consumer = await Consumer.open(store, { projectKey: P, name: 'smoke' });
    expectSame(`${name}: waitForEvents`, await consumer.waitForEvents({ timeoutMs: 1_000 }), true);
    expectSame(`${name}: poll`, (await consumer.poll()).length, 2);
    expectSame(
      `${name}: waitForEvents with nothing new`,
      await consumer.waitForEvents({ timeoutMs: 20 }),
      false,
    );
    await closeFleetDb(db);
    process.stdout.write(`node ${process.version}: ${name} database ok\n`);
  }

  const cycles = join(dir, 'cycles');
  mkdirSync(cycles);
  await closeFleetDb(createFleetDb({ projectPath: cycles }));
  const descriptors = () => readdirSync('/proc/self/fd').length;
  const baseline = descriptors();
  for (let i = 0; i < 200; i += 1) {
    const db = createFleetDb({ projectPath: cycles });
    await EventStore.fromDb(db).append(
      createEvent('pilot_registered', { project_key: P, callsign: `pilot-${i}` }),
      P,
    );
    await closeFleetDb(db);
  }
  expectSame('descriptors after 200 open/append/close cycles', descriptors(), baseline);
  const copy = join(dir, 'copy');
  mkdirSync(join(copy, '.fleet'), { recursive: true });
  copyFileSync(join(cycles, '.fleet', 'fleet.db'), join(copy, '.fleet', 'fleet.db'));
  const reopened = createFleetDb({ projectPath: copy, readonly: true });
  expectSame('events in a copy of fleet.db alone', await EventStore.fromDb(reopened).count(P), 200);
  await closeFleetDb(reopened);
  process.stdout.write(
    `node ${process.version}: 200 open/append/close cycles, descriptors back to ${baseline}, the copied file holds every event\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The built `fleet` bin, run by Node itself (its shebang is `#!/usr/bin/env node`), and the Pilot handle.
const project = mkdtempSync(join(tmpdir(), 'fleet-node-smoke-bin-'));
try {
  const fleet = (...args) =>
    execFileSync(process.execPath, [FLEET_BIN, ...args], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, FLEET_CALLSIGN: 'viper-1' },
    });
  fleet('init');
  fleet('register');
  fleet('reserve', 'src/a.ts', '--ttl', '10m');
  const status = JSON.parse(fleet('status', '--json'));
  expectSame('fleet bin: reservation', status.reservations[0]?.paths.join(','), 'src/a.ts');
  const opened = await openFleet({ cwd: project });
  expectSame('openFleet: holders', (await opened.holders('src/a.ts'))[0]?.callsign, 'viper-1');
  await opened.close();
  process.stdout.write(`node ${process.version}: fleet bin and openFleet ok\n`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
