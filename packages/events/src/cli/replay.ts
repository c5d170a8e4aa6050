import { z } from 'zod';

import { replayEvents } from '../index.js';
import { COMMON_OPTIONS, commonShape, parseOptions, validateOptions } from './args.js';
import { CliFailure, EXIT, type CliIo } from './io.js';
import { withProject, type OpenProject } from './project.js';
import { compareProjections, readProjections, rowTotal, type TableDifference } from './snapshot.js';

/** `fleet replay --help`. */
export const REPLAY_HELP = `Usage: fleet replay [--verify] [--project DIR]

Rebuilds every projection (pilots, messages, sorties, reservations…) of the project from its event log, in
one transaction: readers see the old projections until the new ones are complete.

Options:
  --verify            read the live projections first and compare them with the rebuilt ones; exit 1 and
                      name the differing tables when they differ (the rebuilt ones stay in place)
  --project DIR       the project directory (default: the current directory)
  --project-key KEY   the project key (default: the project's absolute path)
  -h, --help          show this help`;

const ReplayOptions = z.object({ ...commonShape, verify: z.boolean().optional() });

/** How many times `--verify` starts again when other processes append while it compares. */
const VERIFY_ATTEMPTS = 5;
const LOG_MOVING_MESSAGE = `the event log kept growing during ${VERIFY_ATTEMPTS} verification attempts; retry when writers pause`;
/** How many differing rows `--verify` prints per table and side. */
const SHOWN_ROWS = 3;

/** `fleet replay [--verify]`: rebuilds the projections, optionally checking them against the live ones. */
export async function runReplay(args: readonly string[], io: CliIo): Promise<number> {
  const options = validateOptions(
    ReplayOptions,
    parseOptions(args, { ...COMMON_OPTIONS, verify: { type: 'boolean' } }),
  );
  if (options.help === true) {
    io.stdout(REPLAY_HELP);
    return EXIT.OK;
  }
  return withProject(io, options, { create: false }, async (project) => {
    if (options.verify !== true) {
      const result = await replayEvents(project.db, { projectKey: project.projectKey });
      io.stdout(`replayed ${result.events} events in ${result.durationMs.toFixed(0)} ms`);
      return EXIT.OK;
    }
    const differences = await verify(project, io);
    if (differences.length === 0) return EXIT.OK;
    for (const { table, onlyInLive, onlyInRebuilt } of differences) {
      io.stdout(
        `  ${table}: ${onlyInLive.length} live rows not rebuilt, ${onlyInRebuilt.length} rebuilt rows not live`,
      );
      for (const row of onlyInLive.slice(0, SHOWN_ROWS)) io.stdout(`    live:    ${row}`);
      for (const row of onlyInRebuilt.slice(0, SHOWN_ROWS)) io.stdout(`    rebuilt: ${row}`);
    }
    return EXIT.FAILURE;
  });
}

/**
 * Reads the live projections, replays, reads the rebuilt ones and compares them, all at one sequence: when
 * another process appends in between, it starts again (up to five times).
 */
async function verify({ db, store, projectKey }: OpenProject, io: CliIo): Promise<TableDifference[]> {
  for (let attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
    const sequence = await store.getLatestSequence(projectKey);
    const live = await readProjections(db, projectKey);
    // From the whole log, never from a snapshot: the check is that the log alone rebuilds what is live.
    const result = await replayEvents(db, { projectKey, useSnapshot: false });
    const rebuilt = await readProjections(db, projectKey);
    if (result.events !== sequence || (await store.getLatestSequence(projectKey)) !== sequence) continue;
    const differences = compareProjections(live, rebuilt);
    const verdict = differences.length === 0 ? 'PASS' : 'FAIL';
    io.stdout(
      `replay --verify: ${verdict}: ${result.events} events replayed; ${rowTotal(rebuilt)} rebuilt rows ` +
        (differences.length === 0
          ? 'equal the live projections'
          : `differ from the live ones in ${differences.map((d) => d.table).join(', ')}`),
    );
    return differences;
  }
  throw new CliFailure('LOG_MOVING', LOG_MOVING_MESSAGE);
}
