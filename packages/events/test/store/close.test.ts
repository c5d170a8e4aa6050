import { afterAll, describe, expect, test } from 'bun:test';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeFleetDb, createFleetDb } from '@fleettools/db';

import { EventStore } from '../../src/index.js';
import { rounds } from '../../../../scripts/test-rounds.js';
import { spawnFixture } from '../fixtures/harness.js';

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
const CYCLES = rounds(1_000, 250);

describe('closeFleetDb', () => {
  test(`releases every descriptor at once: ${String(CYCLES)} open, append, close cycles end at the baseline, and a copy of fleet.db alone holds every event`, async () => {
    const projectPath = tempDir();
    const child = spawnFixture('open-append-close.ts', [projectPath, String(CYCLES)]);
    const [text, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(exitCode).toBe(0);
    const { baseline, middle, after } = JSON.parse(text.trim()) as Record<string, number>;
    // No growth per cycle (the old code kept 2 per cycle open): half-way, right after a close, the count is
    // the baseline, and so it is after the last cycle once a collection ran.
    expect(middle).toBe(baseline);
    expect(after).toBe(baseline);

    const copy = tempDir();
    mkdirSync(join(copy, '.fleet'));
    copyFileSync(join(projectPath, '.fleet', 'fleet.db'), join(copy, '.fleet', 'fleet.db'));
    const reopened = createFleetDb({ projectPath: copy, readonly: true });
    expect(await EventStore.fromDb(reopened).count('/p')).toBe(CYCLES + 2); // and the two warm-up cycles
    await closeFleetDb(reopened);
  }, 120_000);
});
