/**
 * A reservation race: several pilot processes try to reserve the same file at the same instant. Exactly one
 * wins; the others are refused with `RESERVATION_CONFLICT` (the store records each refusal as a
 * `file_conflict` event), wait for the winner's release, and take their turn.
 *
 * Run: bun examples/reservation-race.ts [PROJECT_DIR]   (default: a new temporary directory)
 * The same file runs as the racers: `bun examples/reservation-race.ts --racer CALLSIGN PROJECT_DIR`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { FleetError, generateReservationId } from '@fleettools/core';
import { closeFleetDb, createFleetDb } from '@fleettools/db';
import { EventStore, createEvent } from '@fleettools/events';

const FILE = 'src/config.ts';
const RACERS = ['viper-1', 'viper-2', 'viper-3'];

if (process.argv[2] === '--racer') {
  await race(process.argv[3] ?? 'viper-0', resolve(process.argv[4] ?? '.'));
} else {
  const projectDir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'fleet-example-')));
  await closeFleetDb(createFleetDb({ projectPath: projectDir })); // create and migrate once, before the racers
  const procs = RACERS.map((callsign) =>
    Bun.spawn([process.execPath, import.meta.path, '--racer', callsign, projectDir], {
      stdout: 'inherit',
      stderr: 'inherit',
    }),
  );
  const codes = await Promise.all(procs.map((proc) => proc.exited));
  const db = createFleetDb({ projectPath: projectDir });
  const store = EventStore.fromDb(db);
  const granted = await store.count(projectDir, { types: ['file_reserved'] });
  const denied = await store.count(projectDir, { types: ['file_conflict'] });
  console.log(`${granted} reservations granted one after another, ${denied} refusals recorded`);
  await closeFleetDb(db);
  process.exit(codes.every((code) => code === 0) ? 0 : 1);
}

/** One racer: reserve FILE, retrying after each refusal until the holder's release; edit; release. */
async function race(callsign: string, projectDir: string): Promise<void> {
  const projectKey = projectDir;
  const db = createFleetDb({ projectPath: projectDir });
  const store = EventStore.fromDb(db);
  const append = (event: Parameters<EventStore['append']>[0]) => store.append(event, projectKey);
  await append(createEvent('pilot_registered', { project_key: projectKey, callsign }));
  for (let attempt = 1; attempt <= 100; attempt++) {
    const reservation_id = generateReservationId();
    try {
      await append(
        createEvent('file_reserved', {
          project_key: projectKey,
          reservation_id,
          callsign,
          paths: [FILE],
          ttl_ms: 10_000,
        }),
      );
    } catch (error) {
      if (!(error instanceof FleetError && error.code === 'RESERVATION_CONFLICT')) throw error;
      if (attempt === 1)
        console.log(`${callsign}: refused, ${FILE} is held (${JSON.stringify(error.details.conflicts)})`);
      await Bun.sleep(50);
      continue;
    }
    console.log(`${callsign}: holds ${FILE} after ${attempt} attempt(s)`);
    await Bun.sleep(100); // edit the file
    await append(
      createEvent('file_released', { project_key: projectKey, reservation_id, callsign, reason: 'edited' }),
    );
    break;
  }
  await append(createEvent('pilot_deregistered', { project_key: projectKey, callsign }));
  await closeFleetDb(db);
}
