import { getReservations, listSorties } from '@fleettools/events';
import { z } from 'zod';

import type { Fleet } from '../fleet.js';
import { html } from './html.js';
import { listMissions } from './queries/board.js';
import { LogFiltersSchema, readLogPage } from './queries/log.js';
import { listConversations, readConversation } from './queries/threads.js';
import { readTimeline, TIMELINE_MAX_EVENTS } from './queries/timeline.js';
import { boardView } from './views/board.js';
import { filesView } from './views/files.js';
import type { Page } from './views/layout.js';
import { badFilterView, logView } from './views/log.js';
import { pilotsView } from './views/pilots.js';
import { threadsView, threadView } from './views/threads.js';
import { timelineView } from './views/timeline.js';

/** A view rendered for a path, with its HTTP status (404 for an unknown path or thread, 400 for bad filters). */
export interface Rendered {
  readonly status: 200 | 400 | 404;
  readonly page: Page;
}

/** How many refusals the files view lists. */
const REFUSALS_LISTED = 20;

const PageNumber = z.coerce.number().int().min(1).max(1_000_000).catch(1);

function notFound(what: string): Rendered {
  return {
    status: 404,
    page: {
      view: 'pilots',
      title: 'Not found',
      main: html`<h1>Not found</h1>
        <p class="error" role="alert">${what}</p>
        <p><a href="/">Back to the pilots</a></p>`,
    },
  };
}

async function logPage(fleet: Fleet, url: URL): Promise<Rendered> {
  const given = (name: string): string | undefined => {
    const value = url.searchParams.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const parsed = LogFiltersSchema.safeParse({
    type: url.searchParams.getAll('type').filter((type) => type !== ''),
    stream: given('stream'),
    pilot: given('pilot'),
    since: given('since'),
    until: given('until'),
    before: given('before'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      status: 400,
      page: badFilterView(`Filter ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}.`),
    };
  }
  return {
    status: 200,
    page: logView(parsed.data, await readLogPage(fleet.db, fleet.projectKey, parsed.data)),
  };
}

/** Renders the view a path names, from the project's read models and log, as of `nowMs`. */
export async function renderPath(fleet: Fleet, url: URL, nowMs: number): Promise<Rendered> {
  const key = fleet.projectKey;
  const path = url.pathname;
  if (path === '/') return { status: 200, page: pilotsView(await fleet.status(new Date(nowMs)), nowMs) };
  if (path === '/files') {
    const reservations = await getReservations(fleet.db, key, { at: new Date(nowMs) });
    const refusals = await fleet.store.query({
      project_key: key,
      types: ['file_conflict'],
      order: 'desc',
      limit: REFUSALS_LISTED,
    });
    const conflicts = refusals.flatMap((e) => (e.type === 'file_conflict' ? [e] : []));
    const page = PageNumber.parse(url.searchParams.get('page') ?? undefined);
    return { status: 200, page: filesView(reservations, conflicts, page, nowMs) };
  }
  if (path === '/board') {
    return {
      status: 200,
      page: boardView(await listMissions(fleet.db, key), await listSorties(fleet.db, key)),
    };
  }
  if (path === '/threads') {
    return { status: 200, page: threadsView(await listConversations(fleet.db, key), nowMs) };
  }
  if (path.startsWith('/threads/')) {
    const id = decodeURIComponent(path.slice('/threads/'.length));
    const read = await readConversation(fleet.db, key, id);
    if (read.messages.length === 0) return notFound(`There is no thread ${id}.`);
    const listed = (await listConversations(fleet.db, key)).find((c) => c.thread_id === id);
    return { status: 200, page: threadView(listed, read) };
  }
  if (path === '/log') return logPage(fleet, url);
  if (path === '/timeline') {
    const since = new Date(nowMs - 3_600_000).toISOString();
    const status = await fleet.status(new Date(nowMs));
    const points = await readTimeline(fleet.db, key, since, status.latest_sequence);
    const callsigns = [
      ...new Set([
        ...status.pilots.map((p) => p.callsign),
        ...points.flatMap((p) => (p.callsign === null ? [] : [p.callsign])),
      ]),
    ];
    return {
      status: 200,
      page: timelineView(points, callsigns, nowMs, points.length >= TIMELINE_MAX_EVENTS),
    };
  }
  return notFound(`Nothing is at ${path}.`);
}
