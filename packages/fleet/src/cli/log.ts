import {
  createEvent,
  readOn,
  type FleetEvent,
  type FleetEventType,
  type QueryEventsOptions,
} from '@fleettools/events';
import { z } from 'zod';

import type { Fleet } from '../fleet.js';
import { eventTypeOption, integerOption, isoOption, validateOptions } from './args.js';
import { NO_POSITIONALS, type Command } from './context.js';
import { formatEventLine } from './format.js';
import type { CliIo } from './io.js';

const LogOptions = z
  .object({
    type: z.array(eventTypeOption).optional(),
    stream: z
      .string()
      .regex(/^[a-z_]+:.+$/, 'expected <kind>:<value>, e.g. sortie:sortie-abc123')
      .optional(),
    since: isoOption.optional(),
    until: isoOption.optional(),
    limit: integerOption(1, 100_000).optional(),
    follow: z.boolean().optional(),
    consumer: z.string().min(1).max(200).optional(),
    interval: integerOption(20, 60_000).optional(),
  })
  .refine((o) => o.consumer === undefined || o.follow === true, {
    path: ['consumer'],
    message: 'only with --follow',
  });

/** How many events one poll reads at most. */
const BATCH = 1000;

/** `fleet log`: prints the event log, and with `--follow` tails it until the signal aborts. */
export const logCommand: Command = {
  usage: 'fleet log [--type T]... [--stream S] [--since ISO] [--until ISO] [--limit N] [--follow] [--json]',
  summary: 'the event log, readable or JSON lines; --follow tails it',
  about:
    "The project's event log, oldest first: one readable line per event, or one JSON object per line with --json.",
  options: {
    type: {
      type: 'string',
      multiple: true,
      value: 'T',
      help: 'only events of this type (repeat for several)',
    },
    stream: { type: 'string', value: 'S', help: 'only this stream, e.g. sortie:sortie-abc123' },
    since: { type: 'string', value: 'ISO', help: 'only events at or after this ISO 8601 date-time' },
    until: { type: 'string', value: 'ISO', help: 'only events before this ISO 8601 date-time' },
    limit: { type: 'string', value: 'N', help: 'only the newest N matching events (1 to 100000)' },
    follow: { type: 'boolean', short: 'f', help: 'keep printing new events (Ctrl-C stops)' },
    consumer: {
      type: 'string',
      value: 'NAME',
      help: 'with --follow: a durable cursor that resumes where NAME stopped',
    },
    interval: { type: 'string', value: 'MS', help: 'with --follow: how often to poll (default 250)' },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const options = validateOptions(LogOptions, ctx.args.values);
    const print = (event: FleetEvent): void => {
      ctx.out(event, [formatEventLine(event)]);
    };
    const fleet = await ctx.fleet();
    const filters: Omit<QueryEventsOptions, 'limit' | 'order' | 'after_sequence'> = {
      project_key: fleet.projectKey,
      ...(options.type === undefined ? {} : { types: options.type as FleetEventType[] }),
      ...(options.stream === undefined ? {} : { stream_id: options.stream }),
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.until === undefined ? {} : { until: options.until }),
    };
    let position: number;
    if (options.consumer === undefined) {
      const events =
        options.limit === undefined
          ? await fleet.store.query(filters)
          : (await fleet.store.query({ ...filters, limit: options.limit, order: 'desc' })).reverse();
      events.forEach(print);
      if (options.follow !== true) return undefined;
      position = await fleet.store.getLatestSequence(fleet.projectKey);
    } else {
      position = await fleet.store.getCursor(fleet.projectKey, options.consumer);
    }
    await follow(fleet, ctx.io, {
      filters,
      position,
      intervalMs: options.interval ?? 250,
      consumer: options.consumer,
      print,
    });
    return undefined;
  },
};

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
async function follow(project: Fleet, io: CliIo, plan: FollowPlan): Promise<void> {
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
