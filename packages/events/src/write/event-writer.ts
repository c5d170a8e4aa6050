import type { SqlConnection, SqlRunner } from '@fleettools/db';

import { allow, type Decision } from '../coordination/decision.js';
import { readerOf, type Reader } from '../coordination/reader.js';
import { storedRetry } from '../coordination/retries.js';
import { decide, isGuarded } from '../coordination/rules.js';
import { FleetError } from '@fleettools/core';

import {
  ConcurrencyError,
  isConstraintViolation,
  readFailure,
  StoreWriteError,
  writeFailure,
} from '../errors.js';
import { appendEventStatement, streamVersionStatement } from '../log/statements.js';
import { projectionStatements } from '../projections/index.js';
import { snapshotAfterAppend } from '../snapshots/auto.js';
import { streamIdOf, type FleetEvent } from '../types/index.js';

/**
 * What one write transaction committed: the caller's events as stored (`stored`), every event it stored
 * (`committed`: the rules' records included), and the rule's refusal when one refused (then `stored` is
 * empty, and `committed` holds at most the refusal's record).
 */
interface Outcome {
  readonly stored: readonly FleetEvent[];
  readonly committed: readonly FleetEvent[];
  readonly refusal?: Error;
}

/**
 * Writes validated events, each with its projection changes, in ONE write transaction (`BEGIN IMMEDIATE`):
 * the stream version is checked (when asked) and each event decided by the coordination rules against the
 * state at that instant, under the write lock, then the event and its projection statements are written. A
 * refusal rolls back to the savepoint taken first (nothing of the events stays), writes only the refusal's
 * record (if the rule keeps one), commits that, and reports the refusal. On a local database every statement
 * is synchronous: what the transaction awaits is only the rules' reads, already answered.
 */
export class EventWriter {
  readonly #connection: SqlConnection;

  /** A writer on `connection` (the database's one connection). */
  constructor(connection: SqlConnection) {
    this.#connection = connection;
  }

  /** Appends the events (all or nothing) and returns them as stored; a retry of stored events returns those. */
  async write(events: readonly FleetEvent[], expectedVersion: number | undefined): Promise<FleetEvent[]> {
    let outcome: Outcome;
    try {
      outcome = await this.#connection.transaction('write', async (tx) => {
        const [first] = events;
        if (expectedVersion !== undefined && first !== undefined) {
          await checkStreamVersion(tx, first, expectedVersion);
        }
        return decideAndWrite(tx, events);
      });
    } catch (error) {
      const explained = await this.#explain(error, events);
      if (explained instanceof Error) throw explained;
      return explained;
    }
    return this.#settle(outcome);
  }

  /**
   * Computes events from the state inside one write transaction and writes them under the same lock, with
   * the coordination rules applied: what `compute` read cannot change before its events are stored.
   */
  async writeFrom(
    operation: string,
    compute: (read: Reader) => Promise<readonly FleetEvent[]>,
  ): Promise<FleetEvent[]> {
    let outcome: Outcome;
    try {
      outcome = await this.#connection.transaction('write', async (tx) =>
        decideAndWrite(tx, await compute(readerOf(tx))),
      );
    } catch (error) {
      throw writeFailure(operation, error);
    }
    return this.#settle(outcome);
  }

  /**
   * Queues the automatic snapshot check for what the write committed (they are the project's newest
   * sequences, one run of them: the write held the lock), then gives the caller its events or the refusal.
   */
  #settle(outcome: Outcome): FleetEvent[] {
    const last = outcome.committed.at(-1);
    if (last?.sequence !== undefined) {
      void snapshotAfterAppend(this.#connection, last.project_key, last.sequence, outcome.committed.length);
    }
    if (outcome.refusal !== undefined) throw outcome.refusal;
    return [...outcome.stored];
  }

  /**
   * Why a write failed, as the result to give the caller: the stored events when it was a retry of events
   * already stored; otherwise a typed error.
   */
  async #explain(error: unknown, events: readonly FleetEvent[]): Promise<FleetEvent[] | Error> {
    if (error instanceof ConcurrencyError || isConstraintViolation(error)) {
      const stored = await this.#storedVersions(events);
      if (stored !== undefined) return stored;
    }
    const failure = writeFailure('append', error);
    return failure instanceof Error ? failure : new StoreWriteError(failure);
  }

  /**
   * The stored events, when every event is already stored (live or archived) with the same content (a retry);
   * `undefined` when none is stored; an `IdempotencyConflictError` otherwise.
   */
  async #storedVersions(events: readonly FleetEvent[]): Promise<FleetEvent[] | Error | undefined> {
    try {
      return await storedRetry(readerOf(this.#connection), events);
    } catch (error) {
      return error instanceof FleetError ? error : readFailure(error);
    }
  }
}

/**
 * Decides each event under the open write transaction and writes the allowed ones (with the records their
 * rules add). A refusal rolls back to the savepoint taken first and writes the refusal's record, if any.
 */
async function decideAndWrite(tx: SqlRunner, events: readonly FleetEvent[]): Promise<Outcome> {
  const read = readerOf(tx);
  // A retry (its ids stored, live or archived) returns the stored events and is never decided again.
  const retried = await storedRetry(read, events);
  if (retried !== undefined) return { stored: retried, committed: [] };
  await tx.run({ sql: 'SAVEPOINT fleet_append' });
  const stored: FleetEvent[] = [];
  const committed: FleetEvent[] = [];
  for (const event of events) {
    const decision: Decision = isGuarded(event) ? await decide(read, event) : allow(event);
    if (decision.kind === 'refuse') {
      await tx.run({ sql: 'ROLLBACK TO fleet_append' });
      const record = decision.record === undefined ? [] : [await insert(tx, decision.record)];
      return { stored: [], committed: record, refusal: decision.error };
    }
    const own = await insert(tx, decision.event);
    stored.push(own);
    committed.push(own);
    for (const also of decision.also) committed.push(await insert(tx, also));
  }
  return { stored, committed };
}

/** Writes one event and its projection statements inside the open transaction; the event as stored. */
async function insert(tx: SqlRunner, event: FleetEvent): Promise<FleetEvent> {
  const row = await tx.get(appendEventStatement(event, streamIdOf(event)));
  for (const statement of projectionStatements(event)) await tx.run(statement);
  return { ...event, sequence: Number(row?.['sequence']), stream_version: Number(row?.['stream_version']) };
}

/** Refuses with {@link ConcurrencyError} unless the event's stream is at `expected`. */
async function checkStreamVersion(tx: SqlRunner, event: FleetEvent, expected: number): Promise<void> {
  const streamId = streamIdOf(event);
  const current = await tx.get(streamVersionStatement(event.project_key, streamId));
  const actual = Number(current?.['version'] ?? 0);
  if (actual !== expected) throw new ConcurrencyError(streamId, expected, actual);
}
