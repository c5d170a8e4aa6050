import { isProjectKey } from '@fleettools/core';
import { z } from 'zod';

import { staleReleases } from '../coordination/reclaim.js';
import { parseOptions } from '../log/query-options.js';
import type { FleetEvent } from '../types/index.js';
import type { EventWriter } from '../write/event-writer.js';

/** Options of `EventStore.reclaimStale`. */
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
 * `EventStore.reclaimStale`: the releases of what stale pilots hold, computed and written in one write
 * transaction (see `staleReleases`).
 *
 * @throws {OptionsValidationError} an option is not valid.
 */
export async function reclaimStale(writer: EventWriter, options: ReclaimOptions): Promise<FleetEvent[]> {
  const { projectKey, at } = parseOptions('reclaimStale', ReclaimOptionsSchema, options);
  return writer.writeFrom('reclaimStale', (read) => staleReleases(read, projectKey, at?.toISOString()));
}
