import type { IncomingMessage, ServerResponse } from 'node:http';

import { readOn, streamIdOf } from '@fleettools/events';

import type { Fleet } from '../fleet.js';

/** How many events the stream reads at a time. */
const BATCH = 500;
/** How often an idle stream sends a comment, so proxies and browsers keep it open. */
const KEEPALIVE_MS = 15_000;
/** How long a browser waits before reconnecting, in ms (the SSE `retry:` field). */
const RETRY_MS = 500;

/** Where a stream starts: after `Last-Event-ID` (a reconnect), else after `?after=`, else after the latest. */
export async function streamStart(request: IncomingMessage, url: URL, fleet: Fleet): Promise<number> {
  for (const given of [request.headers['last-event-id'], url.searchParams.get('after')]) {
    if (typeof given === 'string' && /^\d{1,15}$/.test(given)) return Number(given);
  }
  return fleet.store.getLatestSequence(fleet.projectKey);
}

function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows the log as Server-Sent Events: one `fleet` event per stored event, `id:` its sequence (so the
 * browser's reconnect sends `Last-Event-ID` and resumes with no gap and no repeat), `data:` the event as JSON
 * with its `stream_id`. Reads the database on the server every `intervalMs`; the page never polls. Behind a
 * compaction it reads on through the archive. Ends when the client goes or `stop` aborts.
 */
export async function streamEvents(
  response: ServerResponse,
  fleet: Fleet,
  after: number,
  intervalMs: number,
  stop: AbortSignal,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.write(`retry: ${RETRY_MS}\n\n`);
  let position = after;
  let quietSince = Date.now();
  while (!stop.aborted) {
    const events = await readOn(fleet.store, {
      project_key: fleet.projectKey,
      after_sequence: position,
      limit: BATCH,
    });
    for (const event of events) {
      // Stored events always carry their sequence.
      position = event.sequence ?? position;
      const data = JSON.stringify({ ...event, stream_id: streamIdOf(event) });
      response.write(`id: ${position}\nevent: fleet\ndata: ${data}\n\n`);
    }
    if (events.length > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= KEEPALIVE_MS) {
      response.write(': keep-alive\n\n');
      quietSince = Date.now();
    }
    if (events.length < BATCH) await pause(intervalMs, stop);
  }
  response.end();
}
