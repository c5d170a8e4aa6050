/**
 * `bun run demo`: FleetTools doing its job, in a few seconds.
 *
 * Four real pilot processes (scripts/demo-pilot.ts) share one project's `.fleet/fleet.db`: a lead splits a
 * mission into sorties and assigns them by message; three wingmen register, heartbeat, reserve files (one
 * meets a conflict), work their sorties and checkpoint. This script tails the log, kills one wingman with
 * SIGKILL right after its checkpoint, and watches the lead notice the silence and another wingman recover
 * the work from the checkpoint. It ends with a summary and a replay check: the projections rebuilt from the
 * log by `replayEvents` must equal the live ones. Exit code 0 only when that check passes and every pilot
 * did its part.
 *
 * Usage: bun scripts/demo.ts [--project DIR]   (default: a new temporary directory)
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { generateMissionId } from '@fleettools/core';
import { closeFleetDb, createFleetDb, type FleetDB } from '@fleettools/db';
import {
  EventStore,
  getMission,
  getPilot,
  isPilotLive,
  PROJECTION_TABLES,
  replayEvents,
  type FleetEvent,
} from '@fleettools/events';

const HELP = `Usage: bun run demo [--project DIR]

Runs four FleetTools pilots as separate processes on one project's .fleet/fleet.db: they register, heartbeat,
exchange messages, reserve files (and meet a conflict), work sorties of a mission and checkpoint; one is killed
with SIGKILL mid-work and another recovers its sortie from the checkpoint. Ends with a summary and a replay
check (exit code 0 only when it passes).

Options:
  --project DIR   use (or create) this project directory instead of a new temporary one
  -h, --help      show this help`;

const WINGMEN = ['viper-1', 'viper-2', 'viper-3'] as const;
const VICTIM = 'viper-2';
const LEAD = 'lead';
/** The whole run must end well within 30 seconds. */
const TIMEOUT_MS = 27_000;

let args;
try {
  args = parseArgs({
    options: { project: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  console.error(
    `demo: ${error instanceof Error ? error.message.split('. ')[0] : String(error)} (see --help)`,
  );
  process.exit(2);
}
if (args.help === true) {
  console.log(HELP);
  process.exit(0);
}

const projectDir =
  args.project === undefined ? mkdtempSync(join(tmpdir(), 'fleet-demo-')) : resolve(args.project);
mkdirSync(projectDir, { recursive: true });
const projectKey = projectDir;
const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;

const db = createFleetDb({ projectPath: projectDir });
const store = EventStore.fromDb(db);
const firstSequence = (await store.getLatestSequence(projectKey)) + 1;
const missionId = generateMissionId();

console.log(`FleetTools demo: 1 lead and ${WINGMEN.length} wingmen, each its own process, on one event log`);
console.log(`project  ${projectDir}`);
console.log(`log      ${join(projectDir, '.fleet', 'fleet.db')}`);
console.log('');

// Start the pilots: real OS processes, all on the same database file.
const pilotScript = join(import.meta.dir, 'demo-pilot.ts');
const spawnPilot = (role: 'lead' | 'wingman', callsign: string): Bun.Subprocess<'ignore', 'ignore', 'pipe'> =>
  Bun.spawn(
    [
      process.execPath,
      pilotScript,
      `--project=${projectDir}`,
      `--role=${role}`,
      `--callsign=${callsign}`,
      `--mission=${missionId}`,
      `--wingmen=${WINGMEN.join(',')}`,
    ],
    { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' },
  );
const pilots = new Map([
  [LEAD, spawnPilot('lead', LEAD)],
  ...WINGMEN.map((w) => [w, spawnPilot('wingman', w)] as const),
]);
const stderrOf = new Map([...pilots].map(([name, proc]) => [name, new Response(proc.stderr).text()]));
for (const [name, proc] of pilots) console.log(`${elapsed()}  started ${name.padEnd(8)} pid ${proc.pid}`);

// Whatever happens to this script, no pilot outlives it.
process.on('exit', () => {
  for (const proc of pilots.values())
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
});

// Tail the log while they work; kill the victim right after its checkpoint.
/** Sortie titles by id, learnt from the log, for readable lines. */
const titles = new Map<string, string>();
let position = firstSequence - 1;
const progress = { killed: false, finished: false };
const allExited = Promise.all([...pilots.values()].map((proc) => proc.exited));
void allExited.then(() => {
  progress.finished = true;
});
while (!progress.finished && Date.now() - started < TIMEOUT_MS) {
  position = await tail(position);
  await Bun.sleep(60);
}
if (!progress.finished) {
  console.log(`${elapsed()}  timed out: stopping every pilot`);
  for (const proc of pilots.values()) proc.kill('SIGKILL');
  await allExited;
}
position = await tail(position);

/** Prints the events after `from` (heartbeats and lease renewals only counted) and returns the new position. */
async function tail(from: number): Promise<number> {
  const events = await store.query({ project_key: projectKey, after_sequence: from });
  for (const event of events) {
    const line = narrate(event);
    if (line !== null) console.log(`${elapsed()}  #${String(event.sequence).padEnd(4)} ${line}`);
    if (!progress.killed && event.type === 'checkpoint_created' && event.callsign === VICTIM) {
      progress.killed = true;
      const victim = pilots.get(VICTIM);
      victim?.kill('SIGKILL');
      console.log(
        `${elapsed()}  ✖ SIGKILL ${VICTIM} (pid ${victim?.pid}): it dies mid-sortie, holding its files`,
      );
    }
  }
  return events.at(-1)?.sequence ?? from;
}

/** One line of the story per event; `null` for heartbeats and lease renewals, which are only counted. */
function narrate(event: FleetEvent): string | null {
  const who = (callsign: string): string => callsign.padEnd(8);
  const title = (sortieId: string): string => `"${titles.get(sortieId) ?? sortieId}"`;
  switch (event.type) {
    case 'pilot_active':
    case 'file_renewed':
      return null;
    case 'pilot_registered':
      return `${who(event.callsign)} registers (${event.model ?? 'pilot'}, heartbeat TTL ${event.ttl_ms ?? 0} ms)`;
    case 'pilot_deregistered':
      return `${who(event.callsign)} deregisters: ${event.reason ?? ''}`;
    case 'mission_created':
      return `${who(event.created_by ?? '-')} creates mission "${event.title}"`;
    case 'mission_started':
      return `${who(event.callsign ?? '-')} starts the mission`;
    case 'thread_created':
      return `${who(event.created_by)} opens thread "${event.subject}"`;
    case 'thread_closed':
      return `${who(event.callsign)} closes the thread: ${event.reason ?? ''}`;
    case 'sortie_created':
      titles.set(event.sortie_id, event.title);
      return `${who('-')} sortie ${title(event.sortie_id)} needs ${(event.files ?? []).join(', ')}`;
    case 'coordinator_decision':
      return `${who(event.callsign)} decides: ${event.decision}`;
    case 'message_sent':
      return `${who(event.from)} → ${event.to.join(', ')}: "${event.subject}"`;
    case 'message_read':
    case 'message_acked':
      return `${who(event.callsign)} ${event.type === 'message_read' ? 'reads' : 'acks'} ${event.message_id}`;
    case 'file_reserved':
      return `${who(event.callsign)} reserves ${event.paths.join(', ')} (lease ${event.ttl_ms} ms)`;
    case 'file_conflict':
      return `${who(event.callsign)} DENIED ${event.conflicts.map((c) => `${c.path} (held by ${c.callsign})`).join(', ')}`;
    case 'file_released':
      return `${who(event.callsign)} releases ${event.reservation_id}`;
    case 'sortie_started':
      return `${who(event.callsign)} starts ${title(event.sortie_id)}`;
    case 'sortie_progress':
      return `${who(event.callsign)} ${title(event.sortie_id)} at ${event.progress}%: ${event.note ?? ''}`;
    case 'checkpoint_created':
      return `${who(event.callsign)} checkpoints ${event.checkpoint_id}: ${JSON.stringify(event.state)}`;
    case 'fleet_recovered':
      return `${who(event.recovered_by)} RECOVERS ${event.callsign}'s ${(event.sortie_ids ?? []).map(title).join(', ')} from ${event.checkpoint_id ?? '-'}`;
    case 'checkpoint_restored':
      return `${who(event.callsign)} restores ${event.checkpoint_id}`;
    case 'sortie_resumed':
      return `${who(event.callsign)} resumes ${title(event.sortie_id)}`;
    case 'sortie_completed':
      return `${who(event.callsign)} completes ${title(event.sortie_id)}`;
    case 'mission_completed':
      return `${who(LEAD)} mission complete: ${event.summary ?? ''}`;
    default:
      return `${who('-')} ${event.type}`;
  }
}

// The outcome of each pilot process.
const outcomes = await Promise.all(
  [...pilots].map(async ([name, proc]) => {
    const code = await proc.exited;
    const expected = name === VICTIM ? proc.signalCode === 'SIGKILL' : code === 0;
    return { name, code, signal: proc.signalCode, expected, stderr: (await stderrOf.get(name)) ?? '' };
  }),
);

// Summary of this run.
const events = await store.query({ project_key: projectKey, after_sequence: firstSequence - 1 });
const byType = new Map<string, number>();
for (const event of events) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
const count = (type: FleetEvent['type']): number => byType.get(type) ?? 0;
const denied = events.filter((e) => e.type === 'file_conflict' && e.resolution === 'denied').length;
const mission = await getMission(db, projectKey, missionId);
const now = Date.now();

console.log('');
console.log(
  `SUMMARY  events #${firstSequence}–#${position} (${events.length} this run) in ${elapsed().trim()}`,
);
console.log('');
console.log('Events by type');
for (const [type, n] of [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
  console.log(`  ${type.padEnd(22)} ${String(n).padStart(4)}`);
}
console.log('');
console.log('Pilots');
for (const outcome of outcomes) {
  const row = await getPilot(db, projectKey, outcome.name);
  const state =
    row === null
      ? 'never registered'
      : row.status === 'active' && !isPilotLive(row, now)
        ? 'stale (silent past its TTL)'
        : row.status;
  const exit = outcome.signal === null ? `exit ${outcome.code}` : `killed by ${outcome.signal}`;
  console.log(
    `  ${outcome.name.padEnd(8)} ${state.padEnd(28)} ${exit}${outcome.expected ? '' : '  ← unexpected'}`,
  );
}
console.log('');
console.log(`Sorties of mission "${mission?.title ?? '?'}" (${mission?.status ?? 'missing'})`);
for (const sortie of mission?.sorties ?? []) {
  console.log(
    `  ${sortie.sortie_id.padEnd(24)} ${sortie.title.padEnd(20)} ${sortie.status.padEnd(11)} ${String(sortie.progress).padStart(3)}%  by ${sortie.assigned_to ?? '-'}`,
  );
}
console.log('');
console.log(
  `Reservations: ${count('file_reserved')} granted, ${denied} denied, ${count('file_released')} released, ` +
    `${count('file_renewed')} lease renewals`,
);
console.log(
  `Messages: ${count('message_sent')} sent, ${count('message_read')} read, ${count('message_acked')} acked; ` +
    `heartbeats: ${count('pilot_active')}; recoveries: ${count('fleet_recovered')}`,
);

// The final check: rebuild every projection from the log and compare with the live ones.
const check = await replayCheck(db);
console.log('');
console.log(
  `${check.pass ? 'PASS' : 'FAIL'}  replayEvents rebuilt ${check.events} events; ${check.rows} rows in ` +
    `${PROJECTION_TABLES.length} projection tables ${check.pass ? 'equal the live ones' : `differ in ${check.differing.join(', ')}`}`,
);
await closeFleetDb(db);

const scenarioProblems = [
  ...outcomes.filter((o) => !o.expected).map((o) => `${o.name}: ${o.stderr.trim() || `exit ${o.code}`}`),
  ...(progress.killed ? [] : [`${VICTIM} was never killed`]),
  ...(mission?.status === 'completed' ? [] : ['the mission did not complete']),
  ...(count('fleet_recovered') === 1 ? [] : ['no recovery happened']),
];
for (const problem of scenarioProblems) console.log(`PROBLEM  ${problem}`);
process.exit(check.pass && scenarioProblems.length === 0 ? 0 : 1);

/** Reads every projection table of the project, replays, reads them again, and compares. */
async function replayCheck(
  fleetDb: FleetDB,
): Promise<{ pass: boolean; events: number; rows: number; differing: string[] }> {
  const live = await readProjections(fleetDb);
  const result = await replayEvents(fleetDb, { projectKey });
  const rebuilt = await readProjections(fleetDb);
  const differing = PROJECTION_TABLES.filter((table) => live.get(table) !== rebuilt.get(table));
  const rows = [...rebuilt.values()].reduce(
    (sum, text) => sum + (text === '' ? 0 : text.split('\n').length),
    0,
  );
  return { pass: differing.length === 0, events: result.events, rows, differing };
}

/** Each projection table's rows of this project as sorted JSON lines. */
async function readProjections(fleetDb: FleetDB): Promise<Map<string, string>> {
  const tables = new Map<string, string>();
  for (const table of PROJECTION_TABLES) {
    const result = await fleetDb.$client.all({
      sql: `SELECT * FROM ${table} WHERE project_key = ?`,
      args: [projectKey],
    });
    const rows = result.map((row) => JSON.stringify(Object.entries(row)));
    tables.set(table, rows.sort().join('\n'));
  }
  return tables;
}
