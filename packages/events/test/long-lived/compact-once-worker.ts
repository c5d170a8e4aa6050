/**
 * Concurrency-test worker: compacts one project's history behind its newest snapshot, a few events per
 * segment (each segment moved in its own transaction), then prints `done <archived>`. Usage:
 * `bun compact-once-worker.ts <projectPath>` (the project key is the path).
 */
import { closeFleetDb, createFleetDb, fleetDbReady } from '@fleettools/db';

import { compact } from '../../src/index.js';

const [projectPath = ''] = process.argv.slice(2);
const db = createFleetDb({ projectPath });
await fleetDbReady(db);
const result = await compact(db, {
  projectKey: projectPath,
  before: Number.MAX_SAFE_INTEGER,
  segmentSize: 5,
});
process.stdout.write(`done ${String(result.archived)}\n`);
await closeFleetDb(db);
