import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  closeFleetDb,
  createFleetDb,
  fleetDbReady,
  FLEET_DIR,
  DEFAULT_DB_FILENAME,
  type FleetDB,
} from '@fleettools/db';
import { replayEvents } from '@fleettools/events';
import { sql } from 'drizzle-orm';

import { compareProjections, readProjections, rowTotal, type TableDifference } from './projections.js';

/** What `fleet replay --verify` found. */
export interface VerifyResult {
  readonly events: number;
  readonly rows: number;
  readonly differences: TableDifference[];
}

/** Writes a consistent copy of the database to `file` with `VACUUM INTO` (the source is only read). */
export function copyDatabase(db: FleetDB, file: string): void {
  db.run(sql`VACUUM INTO ${file}`);
}

/**
 * Checks that the log alone rebuilds the live projections, changing nothing: the database is copied with
 * `VACUUM INTO` (one consistent reading, whatever other processes append meanwhile), the copy's live
 * projections are read, the copy is replayed from its whole log, read again and compared; the copy is deleted.
 */
export async function verifyReplay(db: FleetDB, projectKey: string): Promise<VerifyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-verify-'));
  try {
    mkdirSync(join(dir, FLEET_DIR));
    copyDatabase(db, join(dir, FLEET_DIR, DEFAULT_DB_FILENAME));
    const copy = createFleetDb({ projectPath: dir });
    try {
      await fleetDbReady(copy);
      const live = readProjections(copy, projectKey);
      // From the whole log, never from a snapshot: the check is that the log alone rebuilds what is live.
      const result = await replayEvents(copy, { projectKey, useSnapshot: false });
      const rebuilt = readProjections(copy, projectKey);
      return {
        events: result.events,
        rows: rowTotal(rebuilt),
        differences: compareProjections(live, rebuilt),
      };
    } finally {
      await closeFleetDb(copy);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
