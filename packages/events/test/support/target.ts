import { afterAll, beforeAll } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createFleetDb, createInMemoryDb, type FleetDB } from '@fleettools/db';

/**
 * The databases a behaviour suite runs on: a project's file (the route production takes) and memory. A suite
 * wraps its tests in `describe.each(TARGETS)` and calls {@link onTarget} inside; its tests open their
 * databases with {@link openTestDb}.
 */
export const TARGETS = ['file', 'memory'] as const;

/** One of {@link TARGETS}. */
export type Target = (typeof TARGETS)[number];

let current: Target = 'memory';
const made: string[] = [];

/** Makes the tests of the enclosing `describe` open their databases on `target`; removes its files after. */
export function onTarget(target: Target): void {
  beforeAll(() => {
    current = target;
  });
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh, migrated database on the current target: a new project's `.fleet/fleet.db`, or memory. */
export function openTestDb(): FleetDB {
  if (current === 'memory') return createInMemoryDb();
  const projectPath = mkdtempSync(join(tmpdir(), 'fleet-suite-'));
  made.push(projectPath);
  return createFleetDb({ projectPath });
}
