/**
 * One pilot process of `bun run demo` (scripts/demo.ts starts several at once on one `.fleet/fleet.db`).
 *
 * - `--role lead`: the coordinator. Creates the mission and its sorties, assigns them by message, watches
 *   heartbeats, and when a pilot goes silent with work in hand, asks an idle pilot to recover it.
 * - `--role wingman`: follows its inbox; works the sorties it is given (reserve files, start, progress,
 *   checkpoint, complete, release), and recovers a lost pilot's sortie from its checkpoint when asked.
 *
 * Every pilot acts under its own callsign only: it releases and renews only what it holds, completes only
 * sorties assigned to it, and reads only its own messages, so it behaves the same whether the store merely
 * records coordination or enforces it. A refused reservation is a `FleetError` with code
 * `RESERVATION_CONFLICT`.
 */
import { parseArgs } from 'node:util';

import {
  FleetError,
  generateMessageId,
  generateReservationId,
  generateSortieId,
  generateThreadId,
} from '@fleettools/core';
import { closeFleetDb, createFleetDb, type FleetDB } from '@fleettools/db';
import {
  createEvent,
  EventStore,
  getActivePilots,
  getInbox,
  getLatestCheckpoint,
  getMission,
  getSortie,
  type CreateEventFields,
  type EventOf,
  type FleetEventType,
} from '@fleettools/events';

/** Heartbeat period and pilot TTL: a pilot silent for PILOT_TTL_MS is stale. */
const HEARTBEAT_MS = 400;
const PILOT_TTL_MS = 2_000;
/** Reservations are short leases, renewed while held: a killed pilot's files free themselves. */
const LEASE_MS = 4_000;
const RENEW_MS = 1_000;
/** Pace of the simulated work; the victim is killed during the pause after its checkpoint. */
const STEP_MS = 300;
const AFTER_CHECKPOINT_MS = 1_200;
/** Give up after this long: the demo must end well within 30 seconds. */
const DEADLINE_MS = 24_000;

/** What the lead sends a wingman, as the JSON body of a message. */
type Order =
  | { readonly kind: 'assignment'; readonly sortie_id: string; readonly files: readonly string[] }
  | { readonly kind: 'recover'; readonly lost: string; readonly sortie_id: string }
  | { readonly kind: 'stand_down' }
  | { readonly kind: 'note' };

const { values } = parseArgs({
  options: {
    project: { type: 'string' },
    role: { type: 'string' },
    callsign: { type: 'string' },
    mission: { type: 'string' },
    wingmen: { type: 'string' },
  },
});
const { project, role, callsign, mission } = values;
if (
  project === undefined ||
  callsign === undefined ||
  mission === undefined ||
  (role !== 'lead' && role !== 'wingman')
) {
  console.error(
    'usage: bun scripts/demo-pilot.ts --project DIR --role lead|wingman --callsign C --mission M',
  );
  process.exit(2);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const deadline = Date.now() + DEADLINE_MS;

/** A pilot: its callsign, its store, and the periodic heartbeat and lease renewals it keeps up. */
class Pilot {
  constructor(
    readonly db: FleetDB,
    readonly store: EventStore,
    readonly projectKey: string,
    readonly callsign: string,
  ) {}

  /** Appends one event of this project. */
  async emit<T extends FleetEventType>(
    type: T,
    fields: Omit<CreateEventFields<T>, 'project_key'>,
  ): Promise<EventOf<T>> {
    const event = createEvent(type, { ...fields, project_key: this.projectKey } as CreateEventFields<T>);
    return (await this.store.append(event, this.projectKey)) as EventOf<T>;
  }

  /** Runs `tick` every `ms` until `stop`, never two at once; returns a function that stops it. */
  every(ms: number, tick: () => Promise<unknown>): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(tick).catch((error: unknown) => {
        console.error(`${this.callsign}: ${String(error)}`);
      });
    }, ms);
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  /** Registers, then heartbeats until the returned function is called. */
  async register(model: string, task: string): Promise<() => Promise<void>> {
    await this.emit('pilot_registered', {
      callsign: this.callsign,
      program: 'fleettools-demo',
      model,
      task_description: task,
      ttl_ms: PILOT_TTL_MS,
    });
    return this.every(HEARTBEAT_MS, () => this.emit('pilot_active', { callsign: this.callsign }));
  }

  /**
   * Reserves files as a short lease kept alive while held. Returns the lease, or the refusal's conflicts
   * when another pilot holds an overlapping exclusive reservation.
   */
  async reserve(
    paths: readonly string[],
    reason: string,
  ): Promise<Lease | { readonly conflicts: readonly Conflict[] }> {
    const reservation_id = generateReservationId();
    try {
      await this.emit('file_reserved', {
        reservation_id,
        callsign: this.callsign,
        paths: [...paths],
        ttl_ms: LEASE_MS,
        reason,
      });
    } catch (error) {
      if (error instanceof FleetError && error.code === 'RESERVATION_CONFLICT')
        return { conflicts: conflictsOf(error) };
      throw error;
    }
    const stop = this.every(RENEW_MS, () =>
      this.emit('file_renewed', { reservation_id, callsign: this.callsign, ttl_ms: LEASE_MS }),
    );
    return {
      paths,
      release: async (why: string) => {
        await stop();
        await this.emit('file_released', { reservation_id, callsign: this.callsign, reason: why });
      },
    };
  }

  /** Sends a message in a thread. */
  async send(
    to: readonly string[],
    subject: string,
    order: Order,
    thread_id: string,
    ack = false,
  ): Promise<void> {
    await this.emit('message_sent', {
      message_id: generateMessageId(),
      from: this.callsign,
      to: [...to],
      subject,
      body: JSON.stringify(order),
      thread_id,
      importance: order.kind === 'note' ? 'normal' : 'high',
      ack_required: ack,
    });
  }
}

/** Files a pilot holds until it releases them. */
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

/** The conflicts a `RESERVATION_CONFLICT` error lists in `details.conflicts`. */
function conflictsOf(error: FleetError): Conflict[] {
  const list = error.details.conflicts;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { callsign: holder, path, expires_at } = item as Record<string, unknown>;
    return typeof holder === 'string' && typeof path === 'string' && typeof expires_at === 'string'
      ? [{ callsign: holder, path, expires_at }]
      : [];
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

/** The coordinator: splits the mission into sorties, assigns them, and recovers lost pilots' work. */
async function lead(pilot: Pilot, missionId: string, wingmen: readonly string[]): Promise<void> {
  const stopHeartbeat = await pilot.register(
    'coordinator',
    'split the mission, assign sorties, recover lost work',
  );
  let active = new Set<string>();
  const threadId = generateThreadId();
  const plan = [
    { title: 'Write the lexer', files: ['src/lexer.ts', 'test/lexer.test.ts'] },
    { title: 'Write the parser', files: ['src/parser.ts', 'test/parser.test.ts'] },
    { title: 'Document the parser', files: ['docs/parser.md', 'src/parser.ts'] },
  ].map((sortie) => ({ ...sortie, sortie_id: generateSortieId() }));
  const [lexer, parser, docs] = plan;
  if (lexer === undefined || parser === undefined || docs === undefined)
    throw new Error('plan has three sorties');

  await pilot.emit('mission_created', {
    mission_id: missionId,
    title: 'Ship the expression parser',
    created_by: pilot.callsign,
  });
  await pilot.emit('mission_started', { mission_id: missionId, callsign: pilot.callsign });
  await pilot.emit('thread_created', {
    thread_id: threadId,
    subject: 'Mission: ship the expression parser',
    created_by: pilot.callsign,
  });
  await pilot.store.appendMany(
    plan.map((s) =>
      createEvent('sortie_created', {
        project_key: pilot.projectKey,
        sortie_id: s.sortie_id,
        mission_id: missionId,
        title: s.title,
        files: s.files,
      }),
    ),
    pilot.projectKey,
  );
  await pilot.emit('coordinator_decision', {
    decision_id: `decision-${missionId.slice('mission-'.length)}`,
    callsign: pilot.callsign,
    decision: 'Split the mission into three sorties: lexer, parser, docs',
    rationale: 'The docs touch src/parser.ts, so they go out once the parser is under way',
    subject_id: missionId,
  });

  // Wait for the wingmen to report in.
  while (!wingmen.every((w) => active.has(w))) {
    if (Date.now() > deadline) throw new Error('wingmen did not register in time');
    active = new Set((await getActivePilots(pilot.db, pilot.projectKey)).map((p) => p.callsign));
    await sleep(100);
  }
  const assign = (sortie: (typeof plan)[number], to: string): Promise<void> =>
    pilot.send(
      [to],
      `Sortie: ${sortie.title}`,
      { kind: 'assignment', sortie_id: sortie.sortie_id, files: sortie.files },
      threadId,
      true,
    );
  const [first, second, third] = wingmen;
  if (first === undefined || second === undefined || third === undefined)
    throw new Error('three wingmen expected');
  await assign(lexer, first);
  await assign(parser, second);
  while ((await getSortie(pilot.db, pilot.projectKey, parser.sortie_id))?.status !== 'in_progress') {
    if (Date.now() > deadline) throw new Error('the parser sortie never started');
    await sleep(100);
  }
  await assign(docs, third);

  // Watch: every sortie done, or a silent pilot holding work.
  const recovering = new Set<string>();
  for (;;) {
    if (Date.now() > deadline) throw new Error('the mission did not complete in time');
    const sorties = (await getMission(pilot.db, pilot.projectKey, missionId))?.sorties ?? [];
    if (sorties.length > 0 && sorties.every((s) => s.status === 'completed')) break;
    active = new Set((await getActivePilots(pilot.db, pilot.projectKey)).map((p) => p.callsign));
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
      await pilot.send(
        [idle],
        `Recover ${holder}: ${sortie.title}`,
        { kind: 'recover', lost: holder, sortie_id: sortie.sortie_id },
        threadId,
        true,
      );
    }
    await sleep(150);
  }

  await pilot.emit('mission_completed', {
    mission_id: missionId,
    summary: 'Lexer, parser and docs done; one pilot lost and recovered',
  });
  const standing = wingmen.filter((w) => active.has(w));
  await pilot.send(standing, 'Mission complete: stand down', { kind: 'stand_down' }, threadId);
  await pilot.emit('thread_closed', {
    thread_id: threadId,
    callsign: pilot.callsign,
    reason: 'mission complete',
  });
  await stopHeartbeat();
  await pilot.emit('pilot_deregistered', { callsign: pilot.callsign, reason: 'mission complete' });
}

/** A wingman: follows its inbox and does what it is told. */
async function wingman(pilot: Pilot, missionId: string): Promise<void> {
  const stopHeartbeat = await pilot.register('wingman', `work sorties of ${missionId}`);
  for (let done = false; !done;) {
    if (Date.now() > deadline) throw new Error('no stand-down order in time');
    const unread = (
      await getInbox(pilot.db, pilot.projectKey, pilot.callsign, { unreadOnly: true })
    ).reverse();
    for (const message of unread) {
      await pilot.emit('message_read', { message_id: message.message_id, callsign: pilot.callsign });
      if (message.ack_required)
        await pilot.emit('message_acked', { message_id: message.message_id, callsign: pilot.callsign });
      const order = orderOf(message.body);
      const thread = message.thread_id ?? generateThreadId();
      if (order.kind === 'assignment')
        await work(pilot, missionId, order.sortie_id, order.files, thread, message.from_callsign);
      if (order.kind === 'recover')
        await recover(pilot, order.lost, order.sortie_id, thread, message.from_callsign);
      if (order.kind === 'stand_down') done = true;
    }
    await sleep(100);
  }
  await stopHeartbeat();
  await pilot.emit('pilot_deregistered', { callsign: pilot.callsign, reason: 'stood down' });
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
  let lease = await pilot.reserve(files, `sortie ${sortieId}`);
  if ('conflicts' in lease) {
    // Someone holds some of these files: tell the holder, work on the rest.
    const taken = new Set(lease.conflicts.map((c) => c.path));
    for (const holder of new Set(lease.conflicts.map((c) => c.callsign))) {
      await pilot.send([holder], `Need ${[...taken].join(', ')}`, { kind: 'note' }, thread);
    }
    const rest = files.filter((f) => !taken.has(f));
    lease = await pilot.reserve(rest, `sortie ${sortieId}, without the files held by others`);
    if ('conflicts' in lease) throw new Error(`${pilot.callsign}: the remaining files are held too`);
  }
  await pilot.emit('sortie_started', { sortie_id: sortieId, callsign: pilot.callsign });
  await sleep(STEP_MS);
  await reportProgress(pilot, sortieId, 25, 'first draft');
  await sleep(STEP_MS);
  await reportProgress(pilot, sortieId, 50, 'tests pass');
  await pilot.emit('checkpoint_created', {
    checkpoint_id: `ckpt-${sortieId.slice('sortie-'.length)}`,
    callsign: pilot.callsign,
    sortie_id: sortieId,
    mission_id: missionId,
    summary: 'Half done: draft written and tested; next, edge cases',
    state: { progress: 50, done: ['draft', 'tests'], next: ['edge cases', 'cleanup'] },
    files_modified: [...lease.paths],
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
  const checkpoint = await getLatestCheckpoint(pilot.db, pilot.projectKey, { sortie_id: sortieId });
  if (checkpoint === null) throw new Error(`${pilot.callsign}: no checkpoint for ${sortieId}`);
  await pilot.emit('fleet_recovered', {
    callsign: lost,
    recovered_by: pilot.callsign,
    checkpoint_id: checkpoint.checkpoint_id,
    sortie_ids: [sortieId],
  });
  await pilot.emit('checkpoint_restored', {
    checkpoint_id: checkpoint.checkpoint_id,
    callsign: pilot.callsign,
  });
  const files = JSON.parse(checkpoint.files_modified ?? '[]') as string[];
  // The lost pilot's lease is still running: wait it out, it frees itself.
  for (let attempt = 1; ; attempt++) {
    const lease = await pilot.reserve(files, `recovering ${sortieId} from ${lost}`);
    if (!('conflicts' in lease)) {
      // fleet_recovered passed the sortie, still in progress, to this pilot: it goes on from the checkpoint.
      const state = JSON.parse(checkpoint.state) as { progress?: number };
      await finish(pilot, sortieId, state.progress ?? 0, lease, thread, lead);
      return;
    }
    if (attempt >= 5 || Date.now() > deadline)
      throw new Error(`${pilot.callsign}: ${lost}'s files never freed`);
    const until = Math.max(...lease.conflicts.map((c) => Date.parse(c.expires_at)));
    await sleep(Math.max(50, until - Date.now() + 50));
  }
}

/** A `sortie_progress` of the pilot's sortie. */
async function reportProgress(pilot: Pilot, sortieId: string, progress: number, note: string): Promise<void> {
  await pilot.emit('sortie_progress', { sortie_id: sortieId, callsign: pilot.callsign, progress, note });
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
    await reportProgress(pilot, sortieId, 75, 'edge cases');
    await sleep(STEP_MS);
  }
  await pilot.emit('sortie_completed', {
    sortie_id: sortieId,
    callsign: pilot.callsign,
    summary: `done by ${pilot.callsign}`,
  });
  await lease.release('sortie completed');
  const title = (await getSortie(pilot.db, pilot.projectKey, sortieId))?.title ?? sortieId;
  await pilot.send([lead], `Done: ${title}`, { kind: 'note' }, thread);
}

const db = createFleetDb({ projectPath: project });
const pilot = new Pilot(db, EventStore.fromDb(db), project, callsign);
try {
  if (role === 'lead') await lead(pilot, mission, (values.wingmen ?? '').split(',').filter(Boolean));
  else await wingman(pilot, mission);
} catch (error) {
  console.error(`${callsign}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeFleetDb(db);
}
