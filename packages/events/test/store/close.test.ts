import { afterAll, describe, expect, test } from 'bun:test';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeFleetDb, createFleetDb } from '@fleettools/db';

import { EventStore, createEvent } from '../../src/index.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-close-'));
  made.push(dir);
  return dir;
}

/** Open, append, close cycles: 1,000 when `CI` is set, 250 otherwise (the old leak was 2 descriptors each). */
const CYCLES = process.env['CI'] === undefined ? 250 : 1_000;

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe('closeFleetDb', () => {
  test(`releases every descriptor at once: ${String(CYCLES)} open, append, close cycles end at the baseline, and a copy of fleet.db alone holds every event`, async () => {
    const projectPath = tempDir();
    await closeFleetDb(createFleetDb({ projectPath }));
    const baseline = openDescriptors();
    for (let i = 0; i < CYCLES; i += 1) {
      const db = createFleetDb({ projectPath });
      await EventStore.fromDb(db).append(
        createEvent('pilot_registered', { project_key: '/p', callsign: `pilot-${String(i)}` }),
        '/p',
      );
      await closeFleetDb(db);
    }
    expect(openDescriptors()).toBe(baseline);

    const copy = tempDir();
    mkdirSync(join(copy, '.fleet'));
    copyFileSync(join(projectPath, '.fleet', 'fleet.db'), join(copy, '.fleet', 'fleet.db'));
    const reopened = createFleetDb({ projectPath: copy, readonly: true });
    expect(await EventStore.fromDb(reopened).count('/p')).toBe(CYCLES);
    await closeFleetDb(reopened);
  }, 120_000);
});
