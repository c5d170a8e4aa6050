import { createEvent, type EventOf, type FleetEvent } from '@fleettools/events';

/** The project key every benchmark database uses. */
export const PROJECT = '/bench/project';

/** The pilot whose inbox the read scenarios query (two of every ten seeded events are messages to it). */
export const INBOX_PILOT = 'bench-reader';

/** The stream the stream-filtered query reads (one of every ten seeded events belongs to it). */
export const HOT_SORTIE = 'sortie-hot';

/** The path the active-reservations query asks about. */
export const HOT_PATH = 'src/mod-7/file.ts';

const PILOTS = 8;

/**
 * A typical `message_sent` (two recipients, a thread, a one-line body): the event of the validation and
 * message-append scenarios. Fresh id and timestamp on every call.
 */
export function messageSent(n: number, projectKey: string = PROJECT, at?: string): EventOf<'message_sent'> {
  return createEvent('message_sent', {
    project_key: projectKey,
    message_id: `msg-bench${String(n)}`,
    from: `pilot-${String(n % PILOTS)}`,
    to: [`pilot-${String((n + 1) % PILOTS)}`, INBOX_PILOT],
    subject: 'Status update',
    body: 'Sortie 3 is blocked on review of the parser change; can someone take a look this afternoon?',
    thread_id: `thread-${String(n % 50)}`,
    importance: 'high',
    ack_required: true,
    ...(at === undefined ? {} : { timestamp: at }),
  });
}

/**
 * A `pilot_registered` whose projection is one upsert into `pilots`: the event of the append scenarios and
 * their floors (the same row, the same upsert). Callsigns cycle through 100 names.
 */
export function pilotRegistered(
  n: number,
  projectKey: string = PROJECT,
  prefix = 'pilot',
): EventOf<'pilot_registered'> {
  return createEvent('pilot_registered', {
    project_key: projectKey,
    callsign: `${prefix}-${String(n % 100)}`,
    program: 'opencode',
    model: 'claude-sonnet',
    task_description: 'Refactor the parser',
  });
}

/**
 * The `i`-th event of a realistic mixed workload (pilots, messages, reads, reservations, sortie progress),
 * timestamped `i` ms after `startMs`, so time-range queries know exactly what they should find.
 */
export function workloadEvent(i: number, startMs: number, projectKey: string = PROJECT): FleetEvent {
  const block = Math.floor(i / 10);
  const pilot = `pilot-${String(block % PILOTS)}`;
  const common = { project_key: projectKey, timestamp: new Date(startMs + i).toISOString() };
  switch (i % 10) {
    case 0:
    case 7:
      return createEvent('pilot_active', { ...common, callsign: pilot });
    case 1:
    case 5:
      return messageSent(i, projectKey, common.timestamp);
    case 2:
      return createEvent('message_read', {
        ...common,
        message_id: `msg-bench${String(i - 1)}`,
        callsign: INBOX_PILOT,
      });
    case 3:
      return createEvent('file_reserved', {
        ...common,
        reservation_id: `rsv-${String(block)}`,
        callsign: pilot,
        paths: [`src/mod-${String(block % 200)}/file.ts`],
        ttl_ms: 7 * 24 * 3600 * 1000,
      });
    case 6:
      // Even blocks release their reservation; odd blocks keep theirs (active) and heartbeat instead.
      return block % 2 === 0
        ? createEvent('file_released', { ...common, reservation_id: `rsv-${String(block)}`, callsign: pilot })
        : createEvent('pilot_active', { ...common, callsign: pilot });
    case 4:
      return createEvent('sortie_progress', {
        ...common,
        sortie_id: HOT_SORTIE,
        callsign: pilot,
        progress: i % 101,
      });
    default:
      return createEvent('sortie_progress', {
        ...common,
        sortie_id: `sortie-s${String(block % 20)}`,
        callsign: pilot,
        progress: i % 101,
      });
  }
}

/** The registrations of every pilot the workload and `messageSent` make act (the store requires them). */
export function pilotsPrologue(projectKey: string = PROJECT, timestamp?: string): FleetEvent[] {
  return [...Array.from({ length: PILOTS }, (_, n) => `pilot-${String(n)}`), INBOX_PILOT].map((callsign) =>
    createEvent('pilot_registered', {
      project_key: projectKey,
      callsign,
      ...(timestamp === undefined ? {} : { timestamp }),
    }),
  );
}

/** The events that open a workload: its pilots and sorties. */
export function workloadPrologue(startMs: number, projectKey: string = PROJECT): FleetEvent[] {
  const timestamp = new Date(startMs - 1).toISOString();
  const pilots = pilotsPrologue(projectKey, timestamp);
  const sorties = [HOT_SORTIE, ...Array.from({ length: 20 }, (_, n) => `sortie-s${String(n)}`)].map(
    (sortie_id) =>
      createEvent('sortie_created', {
        project_key: projectKey,
        timestamp,
        sortie_id,
        title: `Sortie ${sortie_id}`,
      }),
  );
  return [...pilots, ...sorties];
}
