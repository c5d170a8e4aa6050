import { z } from 'zod';

import {
  createEvent,
  readOn,
  type FleetEvent,
  type FleetEventType,
  type QueryEventsOptions,
} from '../index.js';
import {
  COMMON_OPTIONS,
  commonShape,
  eventTypeOption,
  integerOption,
  isoOption,
  parseOptions,
  validateOptions,
} from './args.js';
import { formatEventLine } from './format.js';
import { EXIT, type CliIo } from './io.js';
import { withProject, type OpenProject } from './project.js';

/** `fleet log --help`. */
export const LOG_HELP = `Usage: fleet log [--type T]... [--stream S] [--since ISO] [--limit N] [--follow] [--json]

The project's event log, oldest first: one readable line per event, or one JSON object per line with --json.

Options:
  --type T            only events of this type (repeat for several)
  --stream S          only this stream, e.g. sortie:sortie-abc123 or pilot:viper-1
  --since ISO         only events at or after this ISO 8601 date-time (with a zone)
  --limit N           only the newest N matching events (1 to 100000)
  --follow, -f        keep printing new events as they are appended (Ctrl-C stops)
  --consumer NAME     with --follow: a durable cursor; resume after the last event NAME handled, and commit
                      the position with a cursor_moved event after each batch
  --interval MS       with --follow: how often to poll (default 250, 20 to 60000)
  --json              one JSON object per line
  --project DIR       the project directory (default: the current directory)
  --project-key KEY   the project key (default: the project's absolute path)
  -h, --help          show this help`;

const LogOptions = z
  .object({
    ...commonShape,
    type: z.array(eventTypeOption).optional(),
    stream: z
      .string()
      .regex(/^[a-z_]+:.+$/, 'expected <kind>:<value>, e.g. sortie:sortie-abc123')
      .optional(),
    since: isoOption.optional(),
    limit: integerOption(1, 100_000).optional(),
    follow: z.boolean().optional(),
    consumer: z.string().min(1).max(200).optional(),
    interval: integerOption(20, 60_000).optional(),
    json: z.boolean().optional(),
  })
  .refine((o) => o.consumer === undefined || o.follow === true, {
    path: ['consumer'],
    message: 'only with --follow',
  });

/** How many events one poll reads at most. */
const BATCH = 1000;

/** `fleet log`: prints the event log, and with `--follow` tails it until `io.signal` aborts. */
export async function runLog(args: readonly string[], io: CliIo): Promise<number> {
  const options = validateOptions(
    LogOptions,
    parseOptions(args, {
      ...COMMON_OPTIONS,
      type: { type: 'string', multiple: true },
      stream: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      follow: { type: 'boolean', short: 'f' },
      consumer: { type: 'string' },
      interval: { type: 'string' },
      json: { type: 'boolean' },
    }),
  );
  if (options.help === true) {
    io.stdout(LOG_HELP);
    return EXIT.OK;
  }
  const print = (event: FleetEvent): void => {
    io.stdout(options.json === true ? JSON.stringify(event) : formatEventLine(event));
  };
  return withProject(io, options, { create: false }, async (project) => {
    const filters: Omit<QueryEventsOptions, 'limit' | 'order' | 'after_sequence'> = {
      project_key: project.projectKey,
      ...(options.type === undefined ? {} : { types: options.type as FleetEventType[] }),
      ...(options.stream === undefined ? {} : { stream_id: options.stream }),
      ...(options.since === undefined ? {} : { since: options.since }),
    };
    let position: number;
    if (options.consumer === undefined) {
      const events =
        options.limit === undefined
          ? await project.store.query(filters)
          : (await project.store.query({ ...filters, limit: options.limit, order: 'desc' })).reverse();
      events.forEach(print);
      if (options.follow !== true) return EXIT.OK;
      position = await project.store.getLatestSequence(project.projectKey);
    } else {
      position = await project.store.getCursor(project.projectKey, options.consumer);
    }
    await follow(project, io, {
      filters,
      position,
      intervalMs: options.interval ?? 250,
      consumer: options.consumer,
      print,
    });
    return EXIT.OK;
  });
}

/** What {@link follow} needs: the filters, where to start, how often to poll, and the optional consumer. */
interface FollowPlan {
  readonly filters: Omit<QueryEventsOptions, 'limit' | 'order' | 'after_sequence'>;
  readonly position: number;
  readonly intervalMs: number;
  readonly consumer: string | undefined;
  readonly print: (event: FleetEvent) => void;
}

/**
 * Polls for events after `position` until `io.signal` aborts. Sequences commit in order (each append holds
 * the write lock while it takes MAX+1), so reading `after_sequence` never skips an event. A consumer's own
 * `cursor_moved` events are neither printed nor committed again, so following does not feed itself.
 */
async function follow(project: OpenProject, io: CliIo, plan: FollowPlan): Promise<void> {
  let position = plan.position;
  const ownCursor = (event: FleetEvent): boolean =>
    event.type === 'cursor_moved' && event.consumer === plan.consumer;
  while (io.signal?.aborted !== true) {
    // Behind a compaction (a consumer's cursor from before it), read on through the archive.
    const events = await readOn(project.store, { ...plan.filters, after_sequence: position, limit: BATCH });
    const shown = events.filter((event) => !ownCursor(event));
    shown.forEach(plan.print);
    const last = events.at(-1)?.sequence;
    if (last !== undefined) position = last;
    if (plan.consumer !== undefined && shown.length > 0) {
      await project.store.append(
        createEvent('cursor_moved', { project_key: project.projectKey, consumer: plan.consumer, position }),
        project.projectKey,
      );
    }
    if (events.length < BATCH) await sleep(plan.intervalMs, io.signal);
  }
}

/** Waits `ms`, or less if `signal` aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
