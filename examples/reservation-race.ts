/**
 * A reservation race: several pilot processes try to reserve the same file at the same instant. Exactly one
 * wins; the others are refused with `RESERVATION_CONFLICT` (the store records each refusal as a
 * `file_conflict` event; the error's `hint` says who holds it and when to retry), wait, and take their turn.
 *
 * Run: bun examples/reservation-race.ts [PROJECT_DIR]   (default: a new temporary directory)
 * The same file runs as the racers: `bun examples/reservation-race.ts --racer CALLSIGN PROJECT_DIR`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ReservationConflictError } from '@fleettools/events';
import { initProject, openFleet } from '@fleettools/fleet';

const FILE = 'src/config.ts';
const RACERS = ['viper-1', 'viper-2', 'viper-3'];

if (process.argv[2] === '--racer') {
  await race(process.argv[3] ?? 'viper-0', resolve(process.argv[4] ?? '.'));
} else {
  const projectDir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'fleet-example-')));
  await initProject({ cwd: projectDir, dir: projectDir }); // once, before the racers
  const procs = RACERS.map((callsign) =>
    Bun.spawn([process.execPath, import.meta.path, '--racer', callsign, projectDir], {
      stdout: 'inherit',
      stderr: 'inherit',
    }),
  );
  const codes = await Promise.all(procs.map((proc) => proc.exited));
  const fleet = await openFleet({ cwd: projectDir });
  const granted = await fleet.store.count(fleet.projectKey, { types: ['file_reserved'] });
  const denied = await fleet.store.count(fleet.projectKey, { types: ['file_conflict'] });
  console.log(`${granted} reservations granted one after another, ${denied} refusals recorded`);
  await fleet.close();
  process.exit(codes.every((code) => code === 0) ? 0 : 1);
}

/** One racer: reserve FILE, retrying after each refusal until the holder's release; edit; release. */
async function race(callsign: string, projectDir: string): Promise<void> {
  const fleet = await openFleet({ cwd: projectDir });
  const pilot = await fleet.register({ callsign });
  for (let attempt = 1; attempt <= 100; attempt++) {
    try {
      const held = await pilot.reservations.reserve([FILE], { ttlMs: 10_000 });
      console.log(`${callsign}: holds ${FILE} after ${attempt} attempt(s)`);
      await Bun.sleep(100); // edit the file
      await pilot.reservations.release(held.reservation_id, 'edited');
      break;
    } catch (error) {
      if (!(error instanceof ReservationConflictError)) throw error;
      if (attempt === 1) console.log(`${callsign}: refused, ${FILE} is held (${JSON.stringify(error.hint)})`);
      await Bun.sleep(50);
    }
  }
  await pilot.deregister();
  await fleet.close();
}
