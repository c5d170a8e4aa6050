import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { rounds } from '../../../../scripts/test-rounds.js';
import { spawnFixture } from '../fixtures/harness.js';

/**
 * Memory stays flat (a stress test): appends and reads in one process of their own, RSS after a full
 * collection compared with where it was after the first 1,000. 100,000 of each when `CI` is set; 25,000
 * otherwise, which still catches the leak this guards against (libsql's `.all()`: about 2.5 KiB per append
 * and read, 98 MiB measured here). On a file: an in-memory database grows by its own data (about 40 MiB per
 * 100,000 events).
 */
const OPERATIONS = rounds(100_000, 25_000);
const ALLOWED_GROWTH_MIB = 32;

const project = mkdtempSync(join(tmpdir(), 'fleet-memory-'));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('memory under a long run', () => {
  test(`stays within ${String(ALLOWED_GROWTH_MIB)} MiB over ${String(OPERATIONS)} appends and reads`, async () => {
    const child = spawnFixture('append-and-read.ts', [project, String(OPERATIONS)]);
    const [text, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(exitCode).toBe(0);
    const { growthMiB, count } = JSON.parse(text.trim()) as { growthMiB: number; count: number };
    expect(count).toBe(OPERATIONS);
    expect(growthMiB).toBeLessThan(ALLOWED_GROWTH_MIB);
  }, 300_000);
});
