/**
 * A pilot as a real OS process: `bun pilot-process.ts DIR CALLSIGN TTL_MS` registers CALLSIGN in the project
 * found from DIR with that TTL, heartbeats six times a TTL, prints `ready`, and runs until it is killed.
 */
import { openFleet } from '../../src/fleet.js';

const [cwd, callsign, ttl] = process.argv.slice(2);
if (cwd === undefined || callsign === undefined || ttl === undefined) {
  throw new Error('usage: pilot-process.ts DIR CALLSIGN TTL_MS');
}
const fleet = await openFleet({ cwd });
const ttlMs = Number(ttl);
await fleet.register({
  callsign,
  program: 'pilot-process',
  model: 'test-model',
  task: 'flying in the dashboard test',
  ttlMs,
  heartbeatMs: Math.floor(ttlMs / 6),
});
process.stdout.write('ready\n');
// The heartbeat timer does not hold the process open; this does, until the test kills it.
setInterval(() => undefined, 1 << 30);
