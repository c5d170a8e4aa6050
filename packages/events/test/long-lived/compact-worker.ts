/**
 * Crash-test worker: appends, snapshots and compacts one project in a loop until it is killed. Prints
 * `started`, then `ack <sequence>` after each acknowledged append batch. Usage: `bun compact-worker.ts <projectPath> <round>`.
 */
import { parseId } from '@fleettools/core';
import { createFleetDb, fleetDbReady } from '@fleettools/db';

import { compact, EventStore, takeSnapshot } from '../../src/index.js';
import { mixedEvents } from './support.js';

const [projectPath = '', round = '0'] = process.argv.slice(2);
const projectKey = projectPath;
const db = createFleetDb({ projectPath });
await fleetDbReady(db);
const store = EventStore.fromDb(db);
const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
write('started');
for (let i = 0; ; i += 1) {
  const events = mixedEvents(40, (Number(round) * 1000 + i) * 40, projectKey).map((event, n) => ({
    ...event,
    id: parseId('event', `evt-r${round}i${String(i)}n${String(n)}`),
  }));
  const stored = await store.appendMany(events, projectKey);
  write(`ack ${String(stored.at(-1)?.sequence ?? 0)}`);
  const snapshot = await takeSnapshot(db, { projectKey });
  await compact(db, { projectKey, before: snapshot?.sequence ?? 1, segmentSize: 15 });
}
