import { Database } from 'bun:sqlite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { PILOT_STATUS, TTL } from '@fleettools/core';
import { DEFAULT_BUSY_TIMEOUT_MS, MIGRATIONS_FOLDER, type SynchronousMode } from '@fleettools/db';
import { streamIdOf, type EventOf, type FleetEvent } from '@fleettools/events';
import { ownFields } from '@fleettools/events/internal';
import { createClient, type Client, type InStatement } from '@libsql/client';

/**
 * The floor: the same rows written or read as directly as the machine allows, with no validation, no
 * Drizzle, no write queue. Its databases have the very schema FleetTools ships (same migrations, so the
 * same indexes and triggers), in WAL mode.
 */

/** The statements of every shipped migration, in order, read from `@fleettools/db`'s migrations folder. */
export function migrationStatements(): string[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.flatMap(({ tag }) =>
    readFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), 'utf8')
      .split('--> statement-breakpoint')
      .filter((statement) => statement.trim() !== ''),
  );
}

/** The PRAGMAs every floor connection runs (FleetTools' connection settings). */
export function floorPragmas(synchronous: SynchronousMode): string[] {
  return [
    'PRAGMA journal_mode = WAL',
    `PRAGMA synchronous = ${synchronous.toUpperCase()}`,
    'PRAGMA foreign_keys = ON',
  ];
}

/** A `bun:sqlite` connection to `path`, configured like FleetTools' (WAL, `synchronous`, busy timeout). */
export function openSqlite(path: string, synchronous: SynchronousMode = 'normal'): Database {
  const db = new Database(path, { create: true });
  db.run(`PRAGMA busy_timeout = ${String(DEFAULT_BUSY_TIMEOUT_MS)}`);
  for (const pragma of floorPragmas(synchronous)) db.run(pragma);
  return db;
}

/** A one-connection `@libsql/client` to `path`, configured like FleetTools' (WAL, `synchronous`, busy timeout). */
export async function openLibsql(path: string, synchronous: SynchronousMode = 'normal'): Promise<Client> {
  const client = createClient({
    url: pathToFileURL(path).href,
    concurrency: 1,
    timeout: DEFAULT_BUSY_TIMEOUT_MS,
  });
  await client.executeMultiple(floorPragmas(synchronous).join(';\n'));
  return client;
}

/** The insert of one event row with its sequence and stream version already known. */
export const INSERT_EVENT = `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data, metadata)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * {@link INSERT_EVENT} for writers in several processes: the sequence argument (the 3rd) is ignored and the
 * project's next sequence is computed by SQLite under the write lock, as the store computes it.
 */
export const INSERT_EVENT_NEXT_SEQUENCE = `INSERT INTO events (id, project_key, sequence, type, stream_id, stream_version, timestamp, data, metadata)
  VALUES (?1, ?2, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM events WHERE project_key = ?2), ?4, ?5, ?6, ?7, ?8, ?9)
  RETURNING sequence`;

/** The `pilots` upsert of `pilot_registered` (a copy of FleetTools' projector SQL). */
export const UPSERT_PILOT = `INSERT INTO pilots (project_key, callsign, status, program, model, task_description, ttl_ms,
    registered_at, last_seen_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
  ON CONFLICT (project_key, callsign) DO UPDATE SET status = excluded.status,
    program = excluded.program, model = excluded.model, task_description = excluded.task_description,
    ttl_ms = excluded.ttl_ms, registered_at = excluded.registered_at,
    last_seen_at = excluded.last_seen_at, deregistered_at = NULL`;

/** One `pilot_registered` as the floor writes it: the event row's and the upsert's arguments. */
export interface PilotRows {
  readonly event: (string | number | null)[];
  readonly pilot: (string | number | null)[];
}

/**
 * Gives floor events their sequence (gap-free per project) and stream version, as the store would, and
 * turns them into row arguments. Prepared before the timed call: the floor times the write only.
 */
export class FloorSequencer {
  #sequence = 0;
  readonly #versions = new Map<string, number>();

  /** The `events` row of the next event: the project's next sequence, its stream's next version. */
  eventRow(event: FleetEvent): (string | number | null)[] {
    const streamId = streamIdOf(event);
    const version = (this.#versions.get(streamId) ?? 0) + 1;
    this.#versions.set(streamId, version);
    this.#sequence += 1;
    const data = JSON.stringify(ownFields(event));
    const metadata = event.metadata === undefined ? null : JSON.stringify(event.metadata);
    return [
      event.id,
      event.project_key,
      this.#sequence,
      event.type,
      streamId,
      version,
      event.timestamp,
      data,
      metadata,
    ];
  }

  /** The rows of the next `pilot_registered`: its event row and its `pilots` upsert. */
  pilotRows(event: EventOf<'pilot_registered'>): PilotRows {
    return {
      event: this.eventRow(event),
      pilot: [
        event.project_key,
        event.callsign,
        PILOT_STATUS.ACTIVE,
        event.program ?? null,
        event.model ?? null,
        event.task_description ?? null,
        event.ttl_ms ?? TTL.PILOT,
        event.timestamp,
      ],
    };
  }
}

/** The libSQL batch of some `pilot_registered` rows: event insert then upsert, for each. */
export function libsqlStatements(rows: readonly PilotRows[]): InStatement[] {
  return rows.flatMap((row) => [
    { sql: INSERT_EVENT, args: row.event },
    { sql: UPSERT_PILOT, args: row.pilot },
  ]);
}

/** A `bun:sqlite` writer of `pilot_registered` rows: prepared statements, one `BEGIN IMMEDIATE` per call. */
export function sqliteWriter(db: Database): (rows: readonly PilotRows[]) => void {
  const insert = db.prepare(INSERT_EVENT);
  const upsert = db.prepare(UPSERT_PILOT);
  const write = db.transaction((rows: readonly PilotRows[]) => {
    for (const row of rows) {
      insert.run(...row.event);
      upsert.run(...row.pilot);
    }
  });
  return (rows) => {
    write.immediate(rows);
  };
}
