import { parseProjectKey } from '@fleettools/core';
import type { FleetDB } from '@fleettools/db';
import type { Client, InStatement, ResultSet, Row } from '@libsql/client';
import { z } from 'zod';

import { projectionStatements } from '../projections/index.js';
import type { FleetEvent } from '../types/index.js';
import { appendStatement } from './append-statement.js';
import {
  ConcurrencyError,
  IdempotencyConflictError,
  StoreBusyError,
  StoreReadError,
  StoreWriteError,
} from './errors.js';
import { EVENT_COLUMNS, eventFromRow, eventPayload, textOf } from './event-rows.js';
import {
  EventFiltersSchema,
  QueryEventsOptionsSchema,
  StreamIdField,
  parseOptions,
  whereClause,
  type EventFilters,
  type QueryEventsOptions,
} from './query-options.js';
import { isBusy, isConstraintViolation } from '../write/driver-errors.js';
import { prepareEvents, type PreparedEvent } from '../write/prepare.js';
import { writeQueueOf, type WriteQueue } from '../write/write-queue.js';

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  /**
   * The version the event's stream must be at (0: the stream must not exist yet). When another writer moved
   * the stream on, the append fails with {@link ConcurrencyError} and writes nothing.
   */
  readonly expectedVersion?: number;
}

const AppendOptionsSchema = z.strictObject({ expectedVersion: z.int().min(0).optional() });

/**
 * The append-only store of a project's events, with its projections kept in step.
 *
 * Every append is one atomic write: validation first (bad input writes nothing), then, inside one
 * `BEGIN IMMEDIATE` transaction, the event with its gap-free sequence and stream version, and every
 * projection change it implies. Safe for any number of OS processes sharing one database file.
 *
 * @example
 * const store = EventStore.fromDb(createInMemoryDb());
 * const stored = await store.append(createEvent('pilot_registered', { project_key: '/p', callsign: 'viper-1' }), '/p');
 * stored.sequence; // 1
 */
export class EventStore {
  readonly #client: Client;
  readonly #queue: WriteQueue;

  private constructor(client: Client) {
    this.#client = client;
    this.#queue = writeQueueOf(client);
  }

  /** An event store over a FleetTools database (from `createFleetDb` or `createInMemoryDb`). */
  static fromDb(db: FleetDB): EventStore {
    return new EventStore(db.$client);
  }

  /**
   * Validates and appends one event with its projections, atomically, and returns it as stored (with
   * `sequence` and `stream_version`). Appending an event whose id is already stored with the same content
   * returns the stored event and writes nothing (safe retries).
   *
   * @throws {EventValidationError} the event is not valid.
   * @throws {ProjectMismatchError} its `project_key` is not `projectKey`.
   * @throws {ConcurrencyError} `options.expectedVersion` is not the stream's version.
   * @throws {IdempotencyConflictError} its id is stored with different content.
   * @throws {StoreBusyError} other writers held the database past the busy timeout.
   */
  async append(event: FleetEvent, projectKey: string, options: AppendOptions = {}): Promise<FleetEvent> {
    const { expectedVersion } = parseOptions('append', AppendOptionsSchema, options);
    const prepared = prepareEvents('append', [event], projectKey);
    const [stored] = await this.#write(prepared, expectedVersion);
    if (stored === undefined) throw new StoreWriteError('the write returned no event');
    return stored;
  }

  /**
   * Validates and appends several events of one project, all or nothing, in one atomic write. They are
   * stored in the order given, with consecutive sequences. A retry of a batch already stored returns it.
   *
   * @throws the same errors as {@link append}; if any event is invalid, none is written.
   */
  async appendMany(events: readonly FleetEvent[], projectKey: string): Promise<FleetEvent[]> {
    const prepared = prepareEvents('appendMany', events, projectKey);
    return prepared.length === 0 ? [] : this.#write(prepared, undefined);
  }

  /**
   * A project's events that pass the filters, as flat typed events, in sequence order (`order: 'desc'` for
   * newest first). Page with `after_sequence` and `limit`.
   *
   * @throws {OptionsValidationError} an option is not valid.
   * @example await store.query({ project_key: '/p', types: ['message_sent'], after_sequence: 40, limit: 100 })
   */
  async query(options: QueryEventsOptions): Promise<FleetEvent[]> {
    const parsed = parseOptions('query', QueryEventsOptionsSchema, options);
    const where = whereClause(parsed.project_key, parsed);
    const limit = parsed.limit === undefined ? '' : ` LIMIT ${parsed.limit}`;
    // Within one stream, stream_version orders exactly as sequence does, and lets SQLite walk the stream's
    // own index instead of the whole project.
    const orderBy = parsed.stream_id === undefined ? 'sequence' : 'stream_version';
    const direction = parsed.order === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.#read({
      sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.sql} ORDER BY ${orderBy} ${direction}${limit}`,
      args: where.args,
    });
    return rows.map(eventFromRow);
  }

  /** The project's newest event, or `null` when it has none. */
  async getLatest(projectKey: string): Promise<FleetEvent | null> {
    const rows = await this.#read({
      sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE project_key = ? ORDER BY sequence DESC LIMIT 1`,
      args: [parseProjectKey(projectKey)],
    });
    const [row] = rows;
    return row === undefined ? null : eventFromRow(row);
  }

  /** The project's newest sequence: 0 when it has no events. */
  async getLatestSequence(projectKey: string): Promise<number> {
    const rows = await this.#read({
      sql: 'SELECT COALESCE(MAX(sequence), 0) AS latest FROM events WHERE project_key = ?',
      args: [parseProjectKey(projectKey)],
    });
    return Number(rows[0]?.latest ?? 0);
  }

  /** The version of one stream (`<kind>:<value>`, see `streamIdOf`): 0 when it has no events. */
  async getStreamVersion(projectKey: string, streamId: string): Promise<number> {
    const rows = await this.#read({
      sql: 'SELECT COALESCE(MAX(stream_version), 0) AS version FROM events WHERE project_key = ? AND stream_id = ?',
      args: [parseProjectKey(projectKey), parseOptions('getStreamVersion', StreamIdField, streamId)],
    });
    return Number(rows[0]?.version ?? 0);
  }

  /**
   * How many of the project's events pass the filters (the same filters as {@link query}).
   *
   * @throws {OptionsValidationError} a filter is not valid.
   */
  async count(projectKey: string, filters: EventFilters = {}): Promise<number> {
    const where = whereClause(
      parseProjectKey(projectKey),
      parseOptions('count', EventFiltersSchema, filters),
    );
    const rows = await this.#read({
      sql: `SELECT COUNT(*) AS n FROM events WHERE ${where.sql}`,
      args: where.args,
    });
    return Number(rows[0]?.n ?? 0);
  }

  /** The one atomic write: every event's insert and projection changes in one `BEGIN IMMEDIATE` batch. */
  async #write(
    prepared: readonly PreparedEvent[],
    expectedVersion: number | undefined,
  ): Promise<FleetEvent[]> {
    const statements: InStatement[] = [];
    const insertAt: number[] = [];
    for (const { event, streamId } of prepared) {
      insertAt.push(statements.length);
      statements.push(appendStatement(event, streamId));
      statements.push(...projectionStatements(event));
    }
    const first = prepared[0];
    try {
      const results = await this.#queue.run(() =>
        expectedVersion === undefined || first === undefined
          ? this.#client.batch(statements, 'write')
          : this.#batchExpecting(statements, first, expectedVersion),
      );
      return prepared.map(({ event }, i) => {
        const row = results[insertAt[i] ?? -1]?.rows[0];
        return { ...event, sequence: Number(row?.sequence), stream_version: Number(row?.stream_version) };
      });
    } catch (error) {
      const outcome = await this.#explain(error, prepared);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
  }

  /**
   * The write batch, run only if the first event's stream is at `expected`, checked inside the same write
   * transaction (so no other writer can move the stream between the check and the write).
   */
  async #batchExpecting(
    statements: InStatement[],
    first: PreparedEvent,
    expected: number,
  ): Promise<ResultSet[]> {
    const transaction = await this.#client.transaction('write');
    try {
      const current = await transaction.execute({
        sql: 'SELECT COALESCE(MAX(stream_version), 0) AS version FROM events WHERE project_key = ? AND stream_id = ?',
        args: [first.event.project_key, first.streamId],
      });
      const actual = Number(current.rows[0]?.version ?? 0);
      if (actual !== expected) throw new ConcurrencyError(first.streamId, expected, actual);
      const results = await transaction.batch(statements);
      await transaction.commit();
      return results;
    } finally {
      transaction.close();
    }
  }

  /**
   * Why a write failed, as the result to give the caller: the stored events when it was a retry of events
   * already stored, otherwise a typed error.
   */
  async #explain(error: unknown, prepared: readonly PreparedEvent[]): Promise<FleetEvent[] | Error> {
    if (isBusy(error)) return new StoreBusyError('append', error);
    const refused = error instanceof ConcurrencyError;
    if (!refused && !isConstraintViolation(error)) return new StoreWriteError(error);
    const stored = await this.#storedVersions(prepared);
    if (stored !== undefined) return stored;
    return refused ? error : new StoreWriteError(error);
  }

  /**
   * The stored events, when every prepared event is already stored with the same content (a retry);
   * `undefined` when none is stored; an {@link IdempotencyConflictError} otherwise.
   */
  async #storedVersions(prepared: readonly PreparedEvent[]): Promise<FleetEvent[] | Error | undefined> {
    const ids = prepared.map(({ event }) => event.id);
    const rows = await this.#read({
      sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`,
      args: ids,
    });
    if (rows.length === 0) return undefined;
    const byId = new Map(rows.map((row) => [textOf(row.id), row]));
    const stored: FleetEvent[] = [];
    for (const { event } of prepared) {
      const row = byId.get(event.id);
      if (row === undefined)
        return new IdempotencyConflictError(textOf(rows[0]?.id ?? null), 'partial-batch');
      if (!sameContent(event, row)) return new IdempotencyConflictError(event.id, 'different-content');
      stored.push(eventFromRow(row));
    }
    return stored;
  }

  /** Runs a read after this process's queued writes, so it sees them. */
  async #read(statement: InStatement): Promise<Row[]> {
    try {
      const result = await this.#queue.run(() => this.#client.execute(statement));
      return result.rows;
    } catch (error) {
      throw new StoreReadError(error);
    }
  }
}

/** True when a stored row holds exactly this event (same type, project, time, data and metadata). */
function sameContent(event: FleetEvent, row: Row): boolean {
  const { data, metadata } = eventPayload(event);
  return (
    row.type === event.type &&
    row.project_key === event.project_key &&
    row.timestamp === event.timestamp &&
    row.data === data &&
    row.metadata === metadata
  );
}
