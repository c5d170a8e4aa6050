import { EVENT_TYPES } from '@fleettools/events';

import { html, type SafeHtml } from '../html.js';
import type { LogEntry, LogFilters, LogPage } from '../queries/log.js';
import type { Page } from './layout.js';
import { clockText } from './time.js';

/**
 * One event of the log: sequence, time, type, pilot and stream, expanding to its JSON. The page's script
 * builds the same markup for the events the live stream brings.
 */
export function logEntry(entry: LogEntry): SafeHtml {
  const json = JSON.stringify(
    {
      sequence: entry.sequence,
      id: entry.id,
      type: entry.type,
      stream_id: entry.stream_id,
      timestamp: entry.timestamp,
      ...entry.data,
    },
    null,
    2,
  );
  return html`<li data-seq="${entry.sequence}">
    <details>
      <summary>
        <span class="seq">#${entry.sequence}</span>
        <time datetime="${entry.timestamp}">${clockText(entry.timestamp)}</time>
        <code class="type">${entry.type}</code> <span class="pilot">${entry.callsign ?? ''}</span>
        <span class="stream muted">${entry.stream_id}</span>
      </summary>
      <pre>${json}</pre>
    </details>
  </li>`;
}

function query(filters: LogFilters, before: number): string {
  const params = new URLSearchParams();
  for (const type of filters.type) params.append('type', type);
  for (const key of ['stream', 'pilot', 'since', 'until'] as const) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  params.set('before', String(before));
  return `/log?${params.toString()}`;
}

/**
 * The event log, newest first, one page by sequence, with filters by type, stream, pilot and time. The first
 * page (no `before`, no `until`) follows the live stream: new events that pass the filters appear on top.
 */
export function logView(filters: LogFilters, page: LogPage): Page {
  const selected = new Set<string>(filters.type);
  const options = EVENT_TYPES.map(
    (type) => html`<option${selected.has(type) ? html` selected` : ''}>${type}</option>`,
  );
  const live = filters.before === undefined && filters.until === undefined;
  const main = html`<h1>Event log</h1>
    <form class="filters" method="get" action="/log" role="search">
      <label
        >Type
        <select name="type" id="filter-type">
          <option value="">any</option>
          ${options}
        </select></label
      >
      <label
        >Stream
        <input name="stream" id="filter-stream" placeholder="sortie:sortie-…" value="${filters.stream ?? ''}"
      /></label>
      <label
        >Pilot <input name="pilot" id="filter-pilot" placeholder="callsign" value="${filters.pilot ?? ''}"
      /></label>
      <label
        >Since
        <input
          name="since"
          id="filter-since"
          placeholder="2025-01-09T14:00:00Z"
          value="${filters.since ?? ''}"
      /></label>
      <label
        >Until
        <input name="until" id="filter-until" placeholder="ISO date-time" value="${filters.until ?? ''}"
      /></label>
      <button type="submit">Filter</button> <a href="/log">clear</a>
    </form>
    <ol
      class="log"
      id="log"
      data-live="${live ? 'true' : 'false'}"
      data-types="${filters.type.join(',')}"
      data-stream="${filters.stream ?? ''}"
      data-pilot="${filters.pilot ?? ''}"
    >
      ${page.entries.map(logEntry)}
    </ol>
    ${page.entries.length === 0 ? html`<p class="muted" id="log-empty">No event matches.</p>` : ''}
    ${page.olderBefore === null ? '' : html`<nav class="pager" aria-label="Pages"><a href="${query(filters, page.olderBefore)}" rel="next">older →</a></nav>`}`;
  return { view: 'log', title: 'Event log', main };
}

/** The log page when its query string is wrong: what was wrong, and the way back. */
export function badFilterView(problem: string): Page {
  return {
    view: 'log',
    title: 'Event log',
    main: html`<h1>Event log</h1>
      <p class="error" role="alert">${problem}</p>
      <p><a href="/log">Show the whole log</a></p>`,
  };
}
