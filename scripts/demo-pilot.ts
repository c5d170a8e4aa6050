/**
 * One pilot process of `bun run demo` (scripts/demo.ts starts several at once on one `.fleet/fleet.db`).
 *
 * - `--role lead`: the coordinator. Creates the mission and its sorties, assigns them by message, watches
 *   heartbeats, and when a pilot goes silent with work in hand, asks an idle pilot to recover it.
 * - `--role wingman`: follows its inbox; works the sorties it is given (reserve files, start, progress,
 *   checkpoint, complete, release), and recovers a lost pilot's sortie from its checkpoint when asked.
 *
 * Each is a `Pilot` of `@fleettools/fleet` (`openFleet` + `fleet.register`): it heartbeats and renews its
 * leases on its own, and mints every id. Every pilot acts under its own callsign only: it releases and renews only what it holds, completes only
 * sorties assigned to it, and reads only its own messages, so it behaves the same whether the store merely
 * records coordination or enforces it. A refused reservation is a `FleetError` with code
 * `RESERVATION_CONFLICT`.
 */
import { parseArgs } from 'node:util';

import { generateThreadId } from '@fleettools/core';
import { ReservationConflictError } from '@fleettools/events';
import { openFleet, type Fleet, type HeldReservation, type Pilot } from '@fleettools/fleet';

/** Heartbeat period and pilot TTL: a pilot silent for PILOT_TTL_MS is stale. */
const HEARTBEAT_MS = 400;
const PILOT_TTL_MS = 2_000;
/** Reservations are short leases, renewed while held (every third of the lease): a killed pilot's free themselves. */
const LEASE_MS = 4_000;
/** Pace of the simulated work; the victim is killed during the pause after its checkpoint. */
const STEP_MS = 300;
const AFTER_CHECKPOINT_MS = 1_200;
/** Give up after this long: the demo must end well within 30 seconds. */
const DEADLINE_MS = 24_000;

/** What the lead sends a wingman, as the JSON body of a message. */
type Order =
  | {
      readonly kind: 'assignment';
      readonly mission_id: string;
      readonly sortie_id: string;
      readonly files: readonly string[];
    }
  | { readonly kind: 'recover'; readonly lost: string; readonly sortie_id: string }
  | { readonly kind: 'stand_down' }
  | { readonly kind: 'note' };

const { values } = parseArgs({
  options: {
    project: { type: 'string' },
    role: { type: 'string' },
    callsign: { type: 'string' },
    wingmen: { type: 'string' },
  },
});
const { project, role, callsign } = values;
if (project === undefined || callsign === undefined || (role !== 'lead' && role !== 'wingman')) {
  console.error(
    'usage: bun scripts/demo-pilot.ts --project DIR --role lead|wingman --callsign C [--wingmen A,B,C]',
  );
  process.exit(2);
}
const me: string = callsign;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const deadline = Date.now() + DEADLINE_MS;

/** Registers this process's pilot: it heartbeats on its own until it deregisters. */
function register(fleet: Fleet, model: string, task: string): Promise<Pilot> {
  return fleet.register({
    callsign: me,
    program: 'fleettools-demo',
    model,
    task,
    ttlMs: PILOT_TTL_MS,
    heartbeatMs: HEARTBEAT_MS,
  });
}

/** Files a pilot holds (a short lease renewed while it is alive) until it releases them. */
interface Lease {
  readonly paths: readonly string[];
  readonly release: (reason: string) => Promise<void>;
}

/** One active reservation of another pilot that refused ours. */
interface Conflict {
  readonly callsign: string;
  readonly path: string;
  readonly expires_at: string;
}

/**
 * Reserves files as a short lease kept alive while held. Returns the lease, or the refusal's conflicts when
 * another pilot holds an overlapping exclusive reservation.
 */
async function reserve(
  pilot: Pilot,
  paths: readonly string[],
  reason: string,
): Promise<Lease | { readonly conflicts: readonly Conflict[] }> {
  let held: HeldReservation;
  try {
    held = await pilot.reservations.reserve(paths, { ttlMs: LEASE_MS, autoRenew: true, reason });
  } catch (error) {
    if (error instanceof ReservationConflictError) {
      return { conflicts: error.details['conflicts'] as readonly Conflict[] };
    }
    throw error;
  }
  return {
    paths: held.paths,
    release: async (why: string) => {
      await pilot.reservations.release(held.reservation_id, why);
    },
  };
}

/** Sends an order in a thread. */
async function send(
  pilot: Pilot,
  to: readonly string[],
  subject: string,
  order: Order,
  threadId: string,
  ackRequired = false,
): Promise<void> {
  await pilot.messages.send({
    to,
    subject,
    body: JSON.stringify(order),
    threadId,
    importance: order.kind === 'note' ? 'normal' : 'high',
    ackRequired,
  });
}

/** A message body as an order; anything else is a plain note. */
function orderOf(body: string): Order {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === 'object' && value !== null && 'kind' in value) return value as Order;
  } catch {
    // a human's message: not an order
  }
  return { kind: 'note' };
}

/** The callsigns of the pilots live now. */
async function livePilots(fleet: Fleet): Promise<Set<string>> {
  return new Set((await fleet.status()).pilots.filter((p) => p.status === 'active').map((p) => p.callsign));
}

/** The coordinator: splits the mission into sorties, assigns them, and recovers lost pilots' work. */
async function lead(fleet: Fleet, wingmen: readonly string[]): Promise<void> {
  const pilot = await register(fleet, 'coordinator', 'split the mission, assign sorties, recover lost work');
  const { mission_id: missionId } = await pilot.missions.create({ title: 'Ship the expression parser' });
  await pilot.missions.start(missionId);
  const threadId = generateThreadId();
  await pilot.emit('thread_created', {
    thread_id: threadId,
    subject: 'Mission: ship the expression parser',
    created_by: pilot.callsign,
  });
  const plan: { title: string; files: string[]; sortie_id: string }[] = [];
  for (const sortie of [
    { title: 'Write the lexer', files: ['src/lexer.ts', 'test/lexer.test.ts'] },
    { title: 'Write the parser', files: ['src/parser.ts', 'test/parser.test.ts'] },
    { title: 'Document the parser', files: ['docs/parser.md', 'src/parser.ts'] },
  ]) {
    const created = await pilot.sorties.create({ ...sortie, missionId });
    plan.push({ ...sortie, sortie_id: created.sortie_id });
  }
  const [lexer, parser, docs] = plan;
  if (lexer === undefined || parser === undefined || docs === undefined)
    throw new Error('plan has three sorties');
  await pilot.emit('coordinator_decision', {
    decision_id: `decision-${missionId.slice('mission-'.length)}`,
    callsign: pilot.callsign,
    decision: 'Split the mission into three sorties: lexer, parser, docs',
    rationale: 'The docs touch src/parser.ts, so they go out once the parser is under way',
    subject_id: missionId,
  });

  // Wait for the wingmen to report in.
  let active = await livePilots(fleet);
  while (!wingmen.every((w) => active.has(w))) {
    if (Date.now() > deadline) throw new Error('wingmen did not register in time');
    await sleep(100);
    active = await livePilots(fleet);
  }
  const assign = (sortie: (typeof plan)[number], to: string): Promise<void> =>
    send(
      pilot,
      [to],
      `Sortie: ${sortie.title}`,
      { kind: 'assignment', mission_id: missionId, sortie_id: sortie.sortie_id, files: sortie.files },
      threadId,
      true,
    );
  const [first, second, third] = wingmen;
  if (first === undefined || second === undefined || third === undefined)
    throw new Error('three wingmen expected');
  await assign(lexer, first);
  await assign(parser, second);
  while ((await pilot.sorties.get(parser.sortie_id)).status !== 'in_progress') {
    if (Date.now() > deadline) throw new Error('the parser sortie never started');
    await sleep(100);
  }
  await assign(docs, third);

  // Watch: every sortie done, or a silent pilot holding work.
  const recovering = new Set<string>();
  for (;;) {
    if (Date.now() > deadline) throw new Error('the mission did not complete in time');
    const sorties = await pilot.sorties.list({ missionId });
    if (sorties.length > 0 && sorties.every((s) => s.status === 'completed')) break;
    active = await livePilots(fleet);
    for (const sortie of sorties) {
      const holder = sortie.assigned_to;
      if (
        sortie.status !== 'in_progress' ||
        holder === null ||
        active.has(holder) ||
        recovering.has(sortie.sortie_id)
      )
        continue;
      const busy = new Set(sorties.filter((s) => s.status === 'in_progress').map((s) => s.assigned_to));
      const idle = wingmen.find((w) => w !== holder && active.has(w) && !busy.has(w));
      if (idle === undefined) continue;
      recovering.add(sortie.sortie_id);
      await pilot.emit('coordinator_decision', {
        decision_id: `decision-${sortie.sortie_id.slice('sortie-'.length)}`,
        callsign: pilot.callsign,
        decision: `${idle} recovers ${holder}'s sortie from its latest checkpoint`,
        rationale: `${holder} sent no heartbeat for over ${PILOT_TTL_MS} ms while holding "${sortie.title}"`,
        subject_id: sortie.sortie_id,
      });
      await send(
        pilot,
        [idle],
        `Recover ${holder}: ${sortie.title}`,
        { kind: 'recover', lost: holder, sortie_id: sortie.sortie_id },
        threadId,
        true,
      );
    }
    await sleep(150);
  }

  await pilot.missions.complete(missionId, 'Lexer, parser and docs done; one pilot lost and recovered');
  const standing = wingmen.filter((w) => active.has(w));
  await send(pilot, standing, 'Mission complete: stand down', { kind: 'stand_down' }, threadId);
  await pilot.emit('thread_closed', {
    thread_id: threadId,
    callsign: pilot.callsign,
    reason: 'mission complete',
  });
  await pilot.deregister('mission complete');
}

/** A wingman: follows its inbox and does what it is told. */
async function wingman(fleet: Fleet): Promise<void> {
  const pilot = await register(fleet, 'wingman', 'work the sorties it is given');
  for (let done = false; !done;) {
    if (Date.now() > deadline) throw new Error('no stand-down order in time');
    const unread = (await pilot.messages.inbox({ unreadOnly: true })).reverse();
    for (const message of unread) {
      await pilot.messages.read(message.message_id);
      if (message.ack_required) await pilot.messages.ack(message.message_id);
      const order = orderOf(message.body);
      const thread = message.thread_id ?? generateThreadId();
      if (order.kind === 'assignment')
        await work(pilot, order.mission_id, order.sortie_id, order.files, thread, message.from_callsign);
      if (order.kind === 'recover')
        await recover(pilot, order.lost, order.sortie_id, thread, message.from_callsign);
      if (order.kind === 'stand_down') done = true;
    }
    await sleep(100);
  }
  await pilot.deregister('stood down');
}

/** Works one sortie: reserve, start, progress, checkpoint, complete, release, report. */
async function work(
  pilot: Pilot,
  missionId: string,
  sortieId: string,
  files: readonly string[],
  thread: string,
  lead: string,
): Promise<void> {
  let lease = await reserve(pilot, files, `sortie ${sortieId}`);
  if ('conflicts' in lease) {
    // Someone holds some of these files: tell the holder, work on the rest.
    const taken = new Set(lease.conflicts.map((c) => c.path));
    for (const holder of new Set(lease.conflicts.map((c) => c.callsign))) {
      await send(pilot, [holder], `Need ${[...taken].join(', ')}`, { kind: 'note' }, thread);
    }
    const rest = files.filter((f) => !taken.has(f));
    lease = await reserve(pilot, rest, `sortie ${sortieId}, without the files held by others`);
    if ('conflicts' in lease) throw new Error(`${pilot.callsign}: the remaining files are held too`);
  }
  await pilot.sorties.start(sortieId);
  await sleep(STEP_MS);
  await pilot.sorties.progress(sortieId, 25, 'first draft');
  await sleep(STEP_MS);
  await pilot.sorties.progress(sortieId, 50, 'tests pass');
  await pilot.checkpoints.take({
    sortieId,
    missionId,
    summary: 'Half done: draft written and tested; next, edge cases',
    state: { progress: 50, done: ['draft', 'tests'], next: ['edge cases', 'cleanup'] },
    files: lease.paths,
  });
  await sleep(AFTER_CHECKPOINT_MS);
  await finish(pilot, sortieId, 50, lease, thread, lead);
}

/** Takes over a lost pilot's sortie from its latest checkpoint, then finishes it. */
async function recover(
  pilot: Pilot,
  lost: string,
  sortieId: string,
  thread: string,
  lead: string,
): Promise<void> {
  const latest = await pilot.checkpoints.latest({ sortieId });
  if (latest === null) throw new Error(`${pilot.callsign}: no checkpoint for ${sortieId}`);
  await pilot.emit('fleet_recovered', {
    callsign: lost,
    recovered_by: pilot.callsign,
    checkpoint_id: latest.checkpoint_id,
    sortie_ids: [sortieId],
  });
  const checkpoint = await pilot.checkpoints.restore(latest.checkpoint_id);
  // The lost pilot's lease is still running: wait it out, it frees itself.
  for (let attempt = 1; ; attempt++) {
    const lease = await reserve(
      pilot,
      checkpoint.files_modified ?? [],
      `recovering ${sortieId} from ${lost}`,
    );
    if (!('conflicts' in lease)) {
      // fleet_recovered passed the sortie, still in progress, to this pilot: it goes on from the checkpoint.
      const progress = checkpoint.state['progress'];
      await finish(pilot, sortieId, typeof progress === 'number' ? progress : 0, lease, thread, lead);
      return;
    }
    if (attempt >= 5 || Date.now() > deadline)
      throw new Error(`${pilot.callsign}: ${lost}'s files never freed`);
    const until = Math.max(...lease.conflicts.map((c) => Date.parse(c.expires_at)));
    await sleep(Math.max(50, until - Date.now() + 50));
  }
}

/** The rest of a sortie from `from` percent: progress, complete, release, tell the lead. */
async function finish(
  pilot: Pilot,
  sortieId: string,
  from: number,
  lease: Lease,
  thread: string,
  lead: string,
): Promise<void> {
  if (from < 75) {
    await pilot.sorties.progress(sortieId, 75, 'edge cases');
    await sleep(STEP_MS);
  }
  await pilot.sorties.complete(sortieId, `done by ${pilot.callsign}`);
  await lease.release('sortie completed');
  const { title } = await pilot.sorties.get(sortieId);
  await send(pilot, [lead], `Done: ${title}`, { kind: 'note' }, thread);
}

const fleet = await openFleet({ cwd: project });
try {
  if (role === 'lead') await lead(fleet, (values.wingmen ?? '').split(',').filter(Boolean));
  else await wingman(fleet);
} catch (error) {
  console.error(`${callsign}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await fleet.close();
}
