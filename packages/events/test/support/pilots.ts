import { createEvent, type EventStore } from '../../src/index.js';

/**
 * Registers each pilot in the project (the store refuses events whose acting pilot never registered), one
 * append each, and returns how many events that wrote.
 */
export async function registerPilots(
  store: EventStore,
  projectKey: string,
  callsigns: readonly string[],
): Promise<number> {
  for (const callsign of callsigns) {
    await store.append(createEvent('pilot_registered', { project_key: projectKey, callsign }), projectKey);
  }
  return callsigns.length;
}
