import { FleetError } from '@fleettools/core';
import { directConnectionOf } from '@fleettools/db';
import type { Client, InStatement, ResultSet } from '@libsql/client';

import { decide, isGuarded } from '../coordination/rules.js';
import { readerOf, type Reader } from '../coordination/reader.js';
import { storedRetry } from '../coordination/retries.js';
import { projectionStatements } from '../projections/index.js';
import { snapshotAfterAppend } from '../snapshots/auto.js';
import { streamIdOf, type FleetEvent } from '../types/index.js';
import { isBusy, isConstraintViolation } from '../write/driver-errors.js';
import type { WriteQueue } from '../write/write-queue.js';
import { beginWrite, type WriteTransaction } from '../write/write-transaction.js';
import { appendStatement } from './append-statement.js';
import { ConcurrencyError, StoreBusyError, StoreReadError, StoreWriteError } from './errors.js';

/**
 * Writes validated events, each with its projection changes, in one atomic write, and explains failures.
 *
 * Two ways, one outcome:
 * - events no coordination rule concerns (no acting pilot) and no `expectedVersion`: one `BEGIN IMMEDIATE …
 *   COMMIT` run in one go (on a file, on the client's direct connection);
 * - otherwise an interactive write transaction (on a file, on the direct connection): the stream version and
 *   the rules are checked against the state at that instant, under the write lock, then the same statements
 *   run; a refusal rolls back to a savepoint, writes only the refusal's record (if the rule keeps one),
 *   commits, and reports the refusal.
 */
export class EventWriter {
  readonly #client: Client;
  readonly #queue: WriteQueue;

  constructor(client: Client, queue: WriteQueue) {
    this.#client = client;
    this.#queue = queue;
  }

  /**
   * Reads outside any transaction of this writer: on the client's direct connection once it is open (each
   * statement prepared once), otherwise through the client.
   */
  readonly #readClient: Reader = async (sql, args) => {
    const direct = directConnectionOf(this.#client);
    return direct?.isOpen === true
      ? direct.read({ sql, args })
      : (await this.#client.execute({ sql, args })).rows;
  };

  /** Appends the events (all or nothing) and returns them as stored; a retry of stored events returns those. */
  async write(events: readonly FleetEvent[], expectedVersion: number | undefined): Promise<FleetEvent[]> {
    const decided = expectedVersion !== undefined || events.some(isGuarded);
    const committed: FleetEvent[] = [];
    try {
      return await this.#queue.run(() =>
        decided
          ? this.#writeDecided(events, expectedVersion, committed)
          : this.#writeBatch(events, committed),
      );
    } catch (error) {
      const outcome = await this.#explain(error, events);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    } finally {
      this.#snapshotAfter(committed);
    }
  }

  /**
   * Computes events from the state inside one write transaction and writes them under the same lock, with
   * the coordination rules applied: what `compute` read cannot change before its events are stored.
   */
  async writeFrom(
    operation: string,
    compute: (read: Reader) => Promise<readonly FleetEvent[]>,
  ): Promise<FleetEvent[]> {
    const committed: FleetEvent[] = [];
    try {
      return await this.#queue.run(async () => {
        const transaction = await beginWrite(this.#client);
        try {
          const events = await compute(readerOf(transaction));
          return await decideAndCommit(transaction, events, committed);
        } finally {
          transaction.close();
        }
      });
    } catch (error) {
      if (isBusy(error)) throw new StoreBusyError(operation, error);
      throw error instanceof FleetError ? error : new StoreWriteError(error);
    } finally {
      this.#snapshotAfter(committed);
    }
  }

  /**
   * Queues the automatic snapshot check for what a write committed: every event it stored, the coordination
   * rules' records included (a refusal may commit its record alone). They are the project's newest sequences,
   * one run of them: the write held the lock. The snapshot runs behind the write, outside its transaction,
   * and never fails it.
   */
  #snapshotAfter(committed: readonly FleetEvent[]): void {
    const last = committed.at(-1);
    if (last?.sequence === undefined) return;
    void snapshotAfterAppend(this.#client, last.project_key, last.sequence, committed.length);
  }

  /**
   * One `BEGIN IMMEDIATE … COMMIT`: on a database file through the client's direct connection, which prepares
   * each statement once (about 3× faster than @libsql/client, which prepares them again on every call);
   * in memory and on a server through the client.
   */
  async #writeBatch(events: readonly FleetEvent[], committed: FleetEvent[]): Promise<FleetEvent[]> {
    // A retry of events compaction archived is found before writing (a live one would meet the UNIQUE key).
    const retried = await storedRetry(this.#readClient, events);
    if (retried !== undefined) return retried;
    const { statements, insertAt } = writeStatements(events);
    const direct = directConnectionOf(this.#client);
    const results =
      direct === undefined ? await this.#client.batch(statements, 'write') : await direct.batch(statements);
    const stored = storedEvents(events, results, insertAt);
    committed.push(...stored);
    return stored;
  }

  async #writeDecided(
    events: readonly FleetEvent[],
    expectedVersion: number | undefined,
    committed: FleetEvent[],
  ): Promise<FleetEvent[]> {
    const transaction = await beginWrite(this.#client);
    try {
      const [first] = events;
      if (expectedVersion !== undefined && first !== undefined) {
        await checkStreamVersion(transaction, first, expectedVersion);
      }
      return await decideAndCommit(transaction, events, committed);
    } finally {
      transaction.close();
    }
  }

  /**
   * Why a write failed, as the result to give the caller: the stored events when it was a retry of events
   * already stored; the rule's refusal; otherwise a typed error.
   */
  async #explain(error: unknown, events: readonly FleetEvent[]): Promise<FleetEvent[] | Error> {
    if (isBusy(error)) return new StoreBusyError('append', error);
    if (error instanceof ConcurrencyError || isConstraintViolation(error)) {
      const stored = await this.#storedVersions(events);
      if (stored !== undefined) return stored;
    }
    return error instanceof FleetError ? error : new StoreWriteError(error);
  }

  /**
   * The stored events, when every event is already stored (live or archived) with the same content (a retry);
   * `undefined` when none is stored; an `IdempotencyConflictError` otherwise.
   */
  async #storedVersions(events: readonly FleetEvent[]): Promise<FleetEvent[] | Error | undefined> {
    try {
      return await storedRetry(this.#readClient, events);
    } catch (error) {
      return error instanceof FleetError ? error : new StoreReadError(error);
    }
  }
}

/** Every event's insert followed by its projection statements, and where each insert stands. */
function writeStatements(events: readonly FleetEvent[]): { statements: InStatement[]; insertAt: number[] } {
  const statements: InStatement[] = [];
  const insertAt: number[] = [];
  for (const event of events) {
    insertAt.push(statements.length);
    statements.push(appendStatement(event, streamIdOf(event)), ...projectionStatements(event));
  }
  return { statements, insertAt };
}

/** The events as stored: with the sequence and stream version their inserts returned. */
function storedEvents(events: readonly FleetEvent[], results: ResultSet[], insertAt: number[]): FleetEvent[] {
  return events.map((event, i) => {
    const row = results[insertAt[i] ?? -1]?.rows[0];
    return { ...event, sequence: Number(row?.sequence), stream_version: Number(row?.stream_version) };
  });
}

/**
 * Decides each event under the open write transaction, writes the allowed ones (with the records their rules
 * add), commits, and returns the events as stored. A refusal rolls back to the savepoint taken first (nothing
 * of the events stays), writes the refusal's record if the rule keeps one, commits that, and throws the
 * refusal. Whatever it commits is added to `committed`.
 */
async function decideAndCommit(
  transaction: WriteTransaction,
  events: readonly FleetEvent[],
  committed: FleetEvent[],
): Promise<FleetEvent[]> {
  const read = readerOf(transaction);
  // A retry (its ids stored, live or archived) returns the stored events and is never decided again.
  const retried = await storedRetry(read, events);
  if (retried !== undefined) return retried;
  await transaction.execute('SAVEPOINT fleet_append');
  const stored: FleetEvent[] = [];
  const written: FleetEvent[] = [];
  for (const event of events) {
    const decision = await decide(read, event);
    if (decision.kind === 'refuse') {
      await transaction.execute('ROLLBACK TO fleet_append');
      if (decision.record !== undefined) {
        const record = await insert(transaction, [decision.record]);
        await transaction.commit();
        committed.push(...record);
      }
      throw decision.error;
    }
    const inserted = await insert(transaction, [decision.event, ...decision.also]);
    written.push(...inserted);
    const [own] = inserted;
    if (own !== undefined) stored.push(own);
  }
  await transaction.commit();
  committed.push(...written);
  return stored;
}

/** Writes events inside an open transaction. */
async function insert(transaction: WriteTransaction, events: readonly FleetEvent[]): Promise<FleetEvent[]> {
  const { statements, insertAt } = writeStatements(events);
  return storedEvents(events, await transaction.batch(statements), insertAt);
}

/** Refuses with {@link ConcurrencyError} unless the event's stream is at `expected`. */
async function checkStreamVersion(
  transaction: WriteTransaction,
  event: FleetEvent,
  expected: number,
): Promise<void> {
  const streamId = streamIdOf(event);
  const current = await transaction.execute({
    sql: 'SELECT COALESCE(MAX(stream_version), 0) AS version FROM events WHERE project_key = ? AND stream_id = ?',
    args: [event.project_key, streamId],
  });
  const actual = Number(current.rows[0]?.version ?? 0);
  if (actual !== expected) throw new ConcurrencyError(streamId, expected, actual);
}
