import { isPilotLive, listPilots } from '@fleettools/events';

import type { Fleet } from '../fleet.js';
import { GuardAmbiguousIdentityError } from './errors.js';

/**
 * The pilot registered from `worktree`: the one live pilot whose registration recorded it. `undefined` when
 * none did.
 *
 * @throws {GuardAmbiguousIdentityError} several live pilots registered from it.
 */
export async function pilotOfWorktree(fleet: Fleet, worktree: string, at: Date): Promise<string | undefined> {
  const pilots = await listPilots(fleet.db, fleet.projectKey);
  const here = pilots
    .filter(
      (pilot) => pilot.worktree === worktree && pilot.status === 'active' && isPilotLive(pilot, at.getTime()),
    )
    .map((pilot) => pilot.callsign);
  if (here.length > 1) throw new GuardAmbiguousIdentityError(worktree, here);
  return here[0];
}
