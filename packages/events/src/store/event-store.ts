import { parseProjectKey } from '@fleettools/core';
import type { FleetDB, SqlConnection, SqlRunner } from '@fleettools/db';
import { z } from 'zod';

import { readFailure, StoreWriteError } from '../errors.js';
import { eventFromValues } from '../log/event-rows.js';
import { LogReader } from '../log/log-reader.js';
import {
  EventFiltersSchema,
  QueryEventsOptionsSchema,
  StreamIdField,
  parseOptions,
  type EventFilters,
  type QueryEventsOptions,
} from '../log/query-options.js';
import {
  cursorPositionStatement,
  latestEventStatement,
  latestSequenceStatement,
  streamVersionStatement,
} from '../log/statements.js';
import type { FleetEvent } from '../types/index.js';
import { validateBatch } from '../validate-batch.js';
import { EventWriter } from '../write/event-writer.js';
import { claim, type Claim, type ClaimOptions } from './claim.js';
import { reclaimStale, type ReclaimOptions } from './reclaim-stale.js';

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
 * projection change it implies. Events with an acting pilot are first checked against the coordination rules
 * (reservations, locks, authorization) inside that same transaction. Safe for any number of OS processes
 * sharing one database file. Every operation runs on the database's one connection, in turn.
 *
 * @example
 * const store = EventStore.fromDb(createInMemoryDb());
 * const stored = await store.append(createEvent('pilot_registered', { project_key: '/p', callsign: 'viper-1' }), '/p');
 * stored.sequence; // 1
 */
export class EventStore {
  readonly #connection: SqlConnection;
  readonly #writer: EventWriter;

  private constructor(connection: SqlConnection) {
    this.#connection = connection;
    this.#writer = new EventWriter(connection);
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
   * @throws {ReservationConflictError} / {LockHeldError} / {UnauthorizedError} a coordination rule refused it
   *   (specs §8); only a refusal's record (a `file_conflict`) is written.
   * @throws {StoreBusyError} other writers held the database past the busy timeout.
   */
  async append(event: FleetEvent, projectKey: string, options: AppendOptions = {}): Promise<FleetEvent> {
    const { expectedVersion } = parseOptions('append', AppendOptionsSchema, options);
    const [stored] = await this.#writer.write(validateBatch('append', [event], projectKey), expectedVersion);
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
    const validated = validateBatch('appendMany', events, projectKey);
    return validated.length === 0 ? [] : this.#writer.write(validated, undefined);
  }

  /**
   * A project's events that pass the filters, as flat typed events, in sequence order (`order: 'desc'` for
   * newest first). Page with `after_sequence` and `limit`. Read in one read transaction, live and archived
   * events merged (with `include_archived`).
   *
   * @throws {OptionsValidationError} an option is not valid.
   * @throws {CursorCompactedError} `after_sequence` points into compacted history without `include_archived`.
   * @example await store.query({ project_key: '/p', types: ['message_sent'], after_sequence: 40, limit: 100 })
   */
  async query(options: QueryEventsOptions): Promise<FleetEvent[]> {
    const parsed = parseOptions('query', QueryEventsOptionsSchema, options);
    return this.#readLog(parsed.project_key, (log) => log.events(parsed, parsed.order, parsed.limit));
  }

  /** The project's newest event, or `null` when it has none. */
  async getLatest(projectKey: string): Promise<FleetEvent | null> {
    const key = parseProjectKey(projectKey);
    const row = await this.#read((runner) => runner.values(latestEventStatement(key)));
    const [values] = row;
    return values === undefined ? null : eventFromValues(values);
  }

  /** The project's newest sequence: 0 when it has no events. */
  async getLatestSequence(projectKey: string): Promise<number> {
    const key = parseProjectKey(projectKey);
    const row = await this.#read((runner) => runner.get(latestSequenceStatement(key)));
    return Number(row?.['latest'] ?? 0);
  }

  /** The version of one stream (`<kind>:<value>`, see `streamIdOf`): 0 when it has no events. */
  async getStreamVersion(projectKey: string, streamId: string): Promise<number> {
    const key = parseProjectKey(projectKey);
    const stream = parseOptions('getStreamVersion', StreamIdField, streamId);
    const row = await this.#read((runner) => runner.get(streamVersionStatement(key, stream)));
    return Number(row?.['version'] ?? 0);
  }

  /**
   * How many of the project's events pass the filters (the same filters as {@link query}), counted in one
   * read transaction: a compaction (in any process) moves each segment in one transaction, so every event is
   * counted once, live or archived.
   *
   * @throws {OptionsValidationError} a filter is not valid.
   */
  async count(projectKey: string, filters: EventFilters = {}): Promise<number> {
    const key = parseProjectKey(projectKey);
    const parsed = parseOptions('count', EventFiltersSchema, filters);
    return this.#readLog(key, (log) => log.count(parsed));
  }

  /**
   * Frees what stale pilots hold: every pilot whose last heartbeat is older than its TTL at the store's clock
   * (the database's time inside the write; `at` only when earlier)
   * has each active reservation released, each live lock released and each sortie it holds (assigned, not
   * finished) reclaimed, so that it is ready again: events in its name that say why.
   * Decided and written in one write transaction: idempotent, also when several processes reclaim at once.
   *
   * @returns the release events written (none when nothing was stale).
   */
  async reclaimStale(options: ReclaimOptions): Promise<FleetEvent[]> {
    return reclaimStale(this.#writer, options);
  }

  /**
   * A pilot takes the most urgent ready sortie (of a mission, or of the project), or the one it names: the
   * choice, the `sortie_claimed` (the sortie is then in progress, assigned to it) and, with `reserve`, the
   * exclusive reservation of the sortie's declared files are decided and written in ONE write transaction,
   * with the coordination rules applied. Two claimers never get the same sortie; a refused claim writes
   * nothing. See `ClaimOptions`.
   *
   * @returns the claim, or `null` when no sortie is ready.
   * @example const claim = await store.claim({ projectKey: '/p', callsign: 'viper-1', missionId: 'mission-1' });
   */
  async claim(options: ClaimOptions): Promise<Claim | null> {
    return claim(this.#writer, options);
  }

  /** The position a durable consumer committed (`cursor_moved`), 0 when it never did. */
  async getCursor(projectKey: string, consumer: string): Promise<number> {
    const key = parseProjectKey(projectKey);
    const row = await this.#read((runner) => runner.get(cursorPositionStatement(key, consumer)));
    return Number(row?.['position'] ?? 0);
  }

  /** Reads the log of a project in one read transaction; failures of the database as `StoreReadError`. */
  #readLog<T>(projectKey: string, read: (log: LogReader) => Promise<T>): Promise<T> {
    return this.#read(() =>
      this.#connection.transaction('read', (tx) => read(new LogReader(tx, projectKey))),
    );
  }

  /** One read on the connection (in turn with this process's writes); failures as `StoreReadError`. */
  async #read<T>(read: (runner: SqlRunner) => Promise<T>): Promise<T> {
    try {
      return await read(this.#connection);
    } catch (error) {
      throw readFailure(error);
    }
  }
}
