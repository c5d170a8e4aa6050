import { FleetError, isProjectKey, parseProjectKey } from '@fleettools/core';
import { directConnectionOf, type FleetDB, type NamedRow } from '@fleettools/db';
import type { Client, InStatement } from '@libsql/client';
import { z } from 'zod';

import { archivedEvents, assertCursorLive, mergeEvents } from '../compaction/archive-read.js';
import { compactedBeforeStatement } from '../compaction/segment.js';
import { staleReleases } from '../coordination/reclaim.js';
import type { FleetEvent } from '../types/index.js';
import { StoreReadError, StoreWriteError } from './errors.js';
import { EVENT_COLUMNS, eventFromRow, latestSequenceStatement } from './event-rows.js';
import { EventWriter } from './event-writer.js';
import {
  EventFiltersSchema,
  QueryEventsOptionsSchema,
  StreamIdField,
  parseOptions,
  whereClause,
  type CursorFilters,
  type EventFilters,
  type QueryEventsOptions,
} from './query-options.js';
import { prepareEvents } from '../write/prepare.js';
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

/** Options of {@link EventStore.reclaimStale}. */
export interface ReclaimOptions {
  /** The project to reclaim in. */
  readonly projectKey: string;
  /**
   * Judge staleness as of this instant instead of the store's clock, when it is earlier (looking back reclaims
   * less); a later one is ignored: the store's clock, never the caller's, decides what is stale.
   */
  readonly at?: Date;
}

const ReclaimOptionsSchema = z.strictObject({
  projectKey: z.string().refine(isProjectKey, 'expected a project key'),
  at: z.date().optional(),
});

/**
 * The append-only store of a project's events, with its projections kept in step.
 *
 * Every append is one atomic write: validation first (bad input writes nothing), then, inside one
 * `BEGIN IMMEDIATE` transaction, the event with its gap-free sequence and stream version, and every
 * projection change it implies. Events with an acting pilot are first checked against the coordination rules
 * (reservations, locks, authorization) inside that same transaction. Safe for any number of OS processes
 * sharing one database file.
 *
 * @example
 * const store = EventStore.fromDb(createInMemoryDb());
 * const stored = await store.append(createEvent('pilot_registered', { project_key: '/p', callsign: 'viper-1' }), '/p');
 * stored.sequence; // 1
 */
export class EventStore {
  readonly #client: Client;
  readonly #queue: WriteQueue;
  readonly #writer: EventWriter;

  private constructor(client: Client) {
    this.#client = client;
    this.#queue = writeQueueOf(client);
    this.#writer = new EventWriter(client, this.#queue);
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
    const prepared = prepareEvents('append', [event], projectKey);
    const [stored] = await this.#writer.write(prepared, expectedVersion);
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
    return prepared.length === 0 ? [] : this.#writer.write(prepared, undefined);
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
    // The limit is bound, not written into the SQL: one prepared statement serves every page size.
    const limit = parsed.limit === undefined ? '' : ' LIMIT ?';
    // Within one stream, stream_version orders exactly as sequence does, and lets SQLite walk the stream's
    // own index instead of the whole project.
    const orderBy = parsed.stream_id === undefined ? 'sequence' : 'stream_version';
    const direction = parsed.order === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.#read({
      sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.sql} ORDER BY ${orderBy} ${direction}${limit}`,
      args: parsed.limit === undefined ? where.args : [...where.args, parsed.limit],
    });
    // Checked after the read: a compaction that ran before it is seen here, so no page silently skips events.
    await this.#guardCursor(parsed.project_key, parsed);
    const live = rows.map(eventFromRow);
    if (parsed.include_archived !== true) return live;
    const archived = await this.#readArchive(() => archivedEvents(this.#client, parsed.project_key, parsed));
    return mergeEvents(live, archived, parsed.order, parsed.limit);
  }

  /**
   * Without `include_archived`, a cursor (`after_sequence`) pointing into compacted history is refused with
   * {@link CursorCompactedError} rather than silently skipping the archived events.
   */
  async #guardCursor(projectKey: string, filters: CursorFilters): Promise<void> {
    if (filters.include_archived === true || filters.after_sequence === undefined) return;
    const [mark] = await this.#read(compactedBeforeStatement(projectKey));
    assertCursorLive(projectKey, filters.after_sequence, Number(mark?.before ?? 0));
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
    const rows = await this.#read(latestSequenceStatement(parseProjectKey(projectKey)));
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
    const key = parseProjectKey(projectKey);
    const parsed = parseOptions('count', EventFiltersSchema, filters);
    const where = whereClause(key, parsed);
    const statement = { sql: `SELECT COUNT(*) AS n FROM events WHERE ${where.sql}`, args: where.args };
    if (parsed.include_archived !== true) {
      const rows = await this.#read(statement);
      await this.#guardCursor(key, parsed); // after the read, as in query
      return Number(rows[0]?.n ?? 0);
    }
    // Live and archived counted in one read transaction, one snapshot of the file: a compaction (in any
    // process) moves each segment in one transaction, so every event is counted once, live or archived.
    return this.#readArchive(async () => {
      const transaction = await this.#client.transaction('read');
      try {
        const live = await transaction.execute(statement);
        const archived = await archivedEvents(transaction, key, parsed);
        return Number(live.rows[0]?.n ?? 0) + archived.length;
      } finally {
        transaction.close();
      }
    });
  }

  /**
   * Frees what stale pilots hold: every pilot whose last heartbeat is older than its TTL at the store's clock
   * (the database's time inside the write; `at` only when earlier)
   * has each active reservation released and each live lock released, by events in its name that say why.
   * Decided and written in one write transaction: idempotent, also when several processes reclaim at once.
   *
   * @returns the release events written (none when nothing was stale).
   */
  async reclaimStale(options: ReclaimOptions): Promise<FleetEvent[]> {
    const { projectKey, at } = parseOptions('reclaimStale', ReclaimOptionsSchema, options);
    return this.#writer.writeFrom('reclaimStale', (read) =>
      staleReleases(read, projectKey, at?.toISOString()),
    );
  }

  /** The position a durable consumer committed (`cursor_moved`), 0 when it never did. */
  async getCursor(projectKey: string, consumer: string): Promise<number> {
    const rows = await this.#read({
      sql: 'SELECT position FROM cursors WHERE project_key = ? AND consumer = ?',
      args: [parseProjectKey(projectKey), consumer],
    });
    return Number(rows[0]?.position ?? 0);
  }

  /**
   * A read of the archive, on the write queue (never inside one of this process's write transactions): an
   * archive that fails its checks throws its own error; a failure of the database, a {@link StoreReadError}.
   */
  async #readArchive<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await this.#queue.run(read);
    } catch (error) {
      throw error instanceof FleetError ? error : new StoreReadError(error);
    }
  }

  /**
   * Runs a read after this process's queued writes, so it sees them: through the client's direct connection
   * once a write has opened it (each statement prepared once, rows as plain objects), otherwise through the
   * client (opening the direct connection for a read would cost more than the read: ~0.4 ms).
   */
  async #read(statement: InStatement): Promise<readonly NamedRow[]> {
    try {
      return await this.#queue.run(async () => {
        const direct = directConnectionOf(this.#client);
        return direct?.isOpen === true
          ? direct.read(statement)
          : (await this.#client.execute(statement)).rows;
      });
    } catch (error) {
      throw new StoreReadError(error);
    }
  }
}
