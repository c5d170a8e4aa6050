import type { FleetDB, SqlStatement } from '@fleettools/db';
import { type FleetEvent } from '@fleettools/events';
import { projectionStatements } from '@fleettools/events/internal';

import { FloorSequencer, INSERT_EVENT } from './floor.js';

/**
 * Writes events straight into a FleetTools database (setup, never measured): the very rows the store
 * writes, and with `projections` the very projection statements, in one transaction per call, on the
 * database's own connection (each statement prepared once). Never through `bun:sqlite`: a second
 * copy of SQLite in the process that also opens the file drops the client's file locks when it closes, and
 * the next connection to close then deletes the WAL under the client.
 */
export class DirectSeeder {
  readonly #db: FleetDB;
  readonly #projections: boolean;
  readonly #sequencer = new FloorSequencer();

  constructor(db: FleetDB, options: { readonly projections: boolean }) {
    this.#db = db;
    this.#projections = options.projections;
  }

  /**
   * Appends `events` (numbered after everything this seeder wrote) in one transaction; `projections` overrides
   * the seeder's own setting for these events (a big log whose newest part only has projections).
   */
  async write(events: readonly FleetEvent[], projections = this.#projections): Promise<void> {
    const statements: SqlStatement[] = [];
    for (const event of events) {
      statements.push({ sql: INSERT_EVENT, args: this.#sequencer.eventRow(event) });
      if (projections) statements.push(...projectionStatements(event));
    }
    await this.#db.$client.transaction('write', async (tx) => {
      for (const statement of statements) await tx.run(statement);
    });
  }

  /**
   * Writes `count` events made by `make` from index `from`, 50,000 per transaction (memory stays flat);
   * `projections` as in {@link write}.
   */
  async seed(
    from: number,
    count: number,
    make: (i: number) => FleetEvent,
    projections = this.#projections,
  ): Promise<void> {
    for (let at = from; at < from + count; at += 50_000) {
      const batch: FleetEvent[] = [];
      for (let i = at; i < Math.min(from + count, at + 50_000); i += 1) batch.push(make(i));
      await this.write(batch, projections);
    }
  }
}
