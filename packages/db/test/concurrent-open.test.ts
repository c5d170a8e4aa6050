import { afterAll, describe, expect, test } from 'bun:test';
import { fileURLToPath } from 'node:url';

import { closeFleetDb, createFleetDb, MIGRATIONS_TABLE } from '../src/index.js';
import { SHIPPED_MIGRATIONS, firstValue, removeTempDirs, tempProject } from './helpers.js';
import { rounds } from '../../../scripts/test-rounds.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/open-project.ts', import.meta.url));
const PROCESSES = 12;
/** Rounds of the race: 5 under CI, 2 by default. */
const ROUNDS = rounds(5, 2);

afterAll(removeTempDirs);

interface Outcome {
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
}

/** Starts `count` processes, waits until each printed `ready`, then releases them all at the same instant. */
async function raceOpen(projectPath: string, count: number): Promise<Outcome[]> {
  const procs = Array.from({ length: count }, (_, i) =>
    Bun.spawn(['bun', FIXTURE, projectPath, `proc-${i}`], { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' }),
  );
  const readers = procs.map((proc) => proc.stdout.getReader());
  const decoder = new TextDecoder();
  const buffers = procs.map(() => '');
  const readLine = async (i: number): Promise<string> => {
    const reader = readers[i];
    if (reader === undefined) throw new Error(`no process ${i}`);
    for (;;) {
      const buffer = buffers[i] ?? '';
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        buffers[i] = buffer.slice(end + 1);
        return buffer.slice(0, end);
      }
      const { value, done } = await reader.read();
      if (done) return buffer;
      buffers[i] = buffer + decoder.decode(value);
    }
  };
  const ready = await Promise.all(procs.map((_, i) => readLine(i)));
  expect(ready).toEqual(procs.map(() => 'ready'));
  for (const proc of procs) {
    void proc.stdin.write('go\n');
    void proc.stdin.end();
  }
  const lines = await Promise.all(procs.map((_, i) => readLine(i)));
  await Promise.all(procs.map((proc) => proc.exited));
  return lines.map((line) => JSON.parse(line) as Outcome);
}

describe('several processes opening the same brand-new project at the same instant', () => {
  // Invariant: every process succeeds, the schema is created once, and every process's write lands.
  test(`${PROCESSES} processes, ${ROUNDS} rounds: all succeed, migrations applied once`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const projectPath = tempProject();
      const outcomes = await raceOpen(projectPath, PROCESSES);
      expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
      const db = createFleetDb({ projectPath, readonly: true });
      try {
        expect(firstValue(await db.$client.all({ sql: `SELECT count(*) FROM ${MIGRATIONS_TABLE}` }))).toBe(
          SHIPPED_MIGRATIONS,
        );
        expect(firstValue(await db.$client.all({ sql: 'SELECT count(*) FROM cursors' }))).toBe(PROCESSES);
        expect(firstValue(await db.$client.all({ sql: 'PRAGMA journal_mode' }))).toBe('wal');
      } finally {
        await closeFleetDb(db);
      }
    }
  }, 60_000);
});
