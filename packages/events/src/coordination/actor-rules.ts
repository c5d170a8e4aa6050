import { PILOT_STATUS } from '@fleettools/core';

import type { FleetEvent } from '../types/index.js';
import { actingPilotsOf } from './actors.js';
import { UnauthorizedError } from './errors.js';
import { textOrNull, type Reader } from './reader.js';

/**
 * Every pilot an event makes act (its acting field and `metadata.actor`) must be registered in the project and
 * not deregistered. A pilot registering itself is the way in (and back after a deregistration); a spawned
 * pilot is registered by the spawn itself.
 *
 * @returns the refusal, or `undefined` when every acting pilot may act.
 */
export async function refuseActors(read: Reader, event: FleetEvent): Promise<UnauthorizedError | undefined> {
  for (const pilot of actingPilotsOf(event)) {
    if (event.type === 'pilot_registered' && pilot === event.callsign) continue;
    const [row] = await read('SELECT status FROM pilots WHERE project_key = ? AND callsign = ?', [
      event.project_key,
      pilot,
    ]);
    const status = textOrNull(row, 'status');
    if (status === null) {
      return new UnauthorizedError(event.type, pilot, 'it never registered in this project; register first');
    }
    if (status === PILOT_STATUS.DEREGISTERED) {
      return new UnauthorizedError(event.type, pilot, 'it deregistered; it must register again first');
    }
  }
  return undefined;
}
