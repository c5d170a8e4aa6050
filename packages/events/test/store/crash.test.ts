import type { Subprocess } from 'bun';
import { afterAll, describe, expect, test } from 'bun:test';

import { closeFleetDb, createFleetDb, fleetDbReady, type FleetDB } from '@fleettools/db';

import { EventStore, replayEvents } from '../../src/index.js';
import { LineReader, removeTempProjects, spawnFixture, tempProject } from '../fixtures/harness.js';
import { column, orderProblems, projectionProblems, text } from '../fixtures/invariants.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';
import { rounds } from '../../../../scripts/test-rounds.js';

/** SIGKILL rounds: 24 under CI, 6 by default. */
const ROUNDS = rounds(24, 6);
/** The kill comes this long after the writer said it started, chosen at random in the range. */
const MIN_DELAY_MS = 30;
const MAX_DELAY_MS = 300;
/** Measured ~10 s on a 2-core machine; the margin is for loaded CI runners. */
const TIMEOUT_MS = 60_000;

afterAll(removeTempProjects);

/** What a killed writer said before it died. */
interface Round {
  readonly round: number;
  readonly delayMs: number;
  /** Every write it started, as the ids of its events. */
  readonly tried: readonly (readonly string[])[];
  /** The ids of every event the store acknowledged. */
  readonly acked: readonly string[];
  /** Anything else it printed (an `error` line: it failed instead of being killed). */
  readonly other: readonly string[];
  readonly signal: Subprocess['signalCode'];
}

/** Runs the writer of one round and kills it with SIGKILL at a random moment after it started appending. */
async function killMidAppend(projectPath: string, projectKey: string, round: number): Promise<Round> {
  const writer = spawnFixture('append-forever.ts', [projectPath, projectKey, String(round)]);
  const output = new LineReader(writer.stdout);
  const started = await output.next();
  if (started !== 'started') throw new Error(`round ${round}: the writer did not start (${started})`);
  const lines = output.rest();
  const delayMs = MIN_DELAY_MS + Math.random() * (MAX_DELAY_MS - MIN_DELAY_MS);
  await Bun.sleep(delayMs);
  writer.kill('SIGKILL');
  const said = await lines;
  await writer.exited;
  const tried: string[][] = [];
  const acked: string[] = [];
  const other: string[] = [];
  for (const line of said) {
    const [word, ...ids] = line.split(' ');
    if (word === 'try') tried.push(ids);
    else if (word === 'ack') acked.push(...ids);
    else other.push(line);
  }
  return { round, delayMs, tried, acked, other, signal: writer.signalCode };
}

/** What is wrong with the database after a round, in words (nothing: `[]`). */
async function problemsAfter(
  db: FleetDB,
  projectKey: string,
  ackedSoFar: ReadonlySet<string>,
  round: Round,
): Promise<string[]> {
  const client = db.$client;
  const problems: string[] = [];
  const integrity = (await column(client, 'PRAGMA integrity_check', [])).map(text);
  if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.join('; ')}`);
  problems.push(...(await orderProblems(client, projectKey)));

  const storedIds = await column(client, 'SELECT id FROM events WHERE project_key = ?', [projectKey]);
  const stored = new Set(storedIds.map(text));
  for (const id of ackedSoFar) if (!stored.has(id)) problems.push(`acknowledged event ${id} is not stored`);
  for (const ids of round.tried) {
    const present = ids.filter((id) => stored.has(id)).length;
    if (present !== 0 && present !== ids.length) {
      problems.push(`write ${ids.join(' ')}: ${present} of its ${ids.length} events are stored`);
    }
  }
  problems.push(...(await projectionProblems(client, projectKey)));
  return problems.map(
    (problem) => `round ${round.round} (killed after ${round.delayMs.toFixed(0)} ms): ${problem}`,
  );
}

describe('a writer killed with SIGKILL at a random instant of its appends', () => {
  // Invariant: a crash at any instant leaves each write all or nothing (design §4.1): the file is intact,
  // sequences stay gap-free, every acknowledged event is durable, and projections equal a replay.
  test(
    'sigkill_mid_append_leaves_all_or_nothing',
    async () => {
      const projectPath = tempProject();
      const projectKey = projectPath;
      const setup = createFleetDb({ projectPath });
      await fleetDbReady(setup);
      await closeFleetDb(setup);

      const ackedSoFar = new Set<string>();
      let killedInFlight = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const round = await killMidAppend(projectPath, projectKey, i);
        expect({ signal: round.signal, other: round.other }).toEqual({ signal: 'SIGKILL', other: [] });
        for (const id of round.acked) ackedSoFar.add(id);
        const last = round.tried.at(-1);
        if (last !== undefined && !round.acked.includes(last[0] ?? '')) killedInFlight += 1;

        const db = createFleetDb({ projectPath });
        try {
          expect(await problemsAfter(db, projectKey, ackedSoFar, round)).toEqual([]);
          const live = await projectionSnapshot(db, projectKey);
          await replayEvents(db, { projectKey });
          expect(await projectionSnapshot(db, projectKey)).toEqual(live);
          expect(await EventStore.fromDb(db).count(projectKey)).toBeGreaterThanOrEqual(ackedSoFar.size);
        } finally {
          await closeFleetDb(db);
        }
      }
      // The kills did land between the start of a write and its acknowledgement, not only between writes.
      expect(killedInFlight).toBeGreaterThan(0);
      expect(ackedSoFar.size).toBeGreaterThan(ROUNDS);
    },
    TIMEOUT_MS,
  );
});
