/*
 * FleetTools dashboard script: follows the live stream (Server-Sent Events), keeps clocks and countdowns
 * current, turns a pilot stale when its TTL runs out, and adds keyboard navigation. No framework, and no
 * polling: the only request it makes besides the stream is a view's <main> again after an event changed it.
 */
/* global document, window, EventSource, fetch, setTimeout, clearTimeout, setInterval */
(() => {
  'use strict';
  const body = document.body;
  const main = document.getElementById('main');
  const indicator = document.getElementById('live');
  const offset = Number(body.dataset.serverNow) - Date.now();
  const now = () => Date.now() + offset;
  let last = Number(body.dataset.after);

  /** A duration in words, as the server writes it: 12 s, 4 m 05 s, 2 h 10 m. */
  function duration(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} m ${String(seconds % 60).padStart(2, '0')} s`;
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
  }

  /** Once a second: "12 s ago", countdowns, and live pilots whose TTL ran out turn stale. A clock, not a poll. */
  function tick() {
    const t = now();
    for (const el of document.querySelectorAll('[data-ago]')) {
      el.textContent = `${duration(t - Date.parse(el.dataset.ago))} ago`;
    }
    for (const el of document.querySelectorAll('[data-expires]')) {
      const left = Date.parse(el.dataset.expires) - t;
      el.textContent = left > 0 ? `${duration(left)} left` : 'expired';
    }
    for (const row of document.querySelectorAll('[data-stale-at]')) {
      if (Date.parse(row.dataset.staleAt) > t) continue;
      const state = row.querySelector('[data-state]');
      state.textContent = 'stale';
      state.className = 'state state-stale';
      row.removeAttribute('data-stale-at');
    }
  }
  setInterval(tick, 1000);

  function setState(state) {
    indicator.dataset.state = state;
    indicator.textContent = state === 'open' ? 'live' : state;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** The log's first page shows a new event on top when it passes the page's filters. */
  function addLogRow(event, sequence) {
    const list = document.getElementById('log');
    if (list === null || list.dataset.live !== 'true') return;
    const types = list.dataset.types === '' ? [] : list.dataset.types.split(',');
    if (types.length > 0 && !types.includes(event.type)) return;
    if (list.dataset.stream !== '' && event.stream_id !== list.dataset.stream) return;
    if (list.dataset.pilot !== '' && event.callsign !== list.dataset.pilot) return;
    const top = list.firstElementChild;
    if (top !== null && Number(top.dataset.seq) >= sequence) return;
    const { id, type, timestamp, stream_id } = event;
    const envelope = ['id', 'type', 'project_key', 'timestamp', 'sequence', 'stream_version', 'metadata'];
    const own = Object.fromEntries(Object.entries(event).filter(([key]) => !envelope.includes(key)));
    const item = element('li', 'fresh');
    item.dataset.seq = String(sequence);
    const details = element('details');
    const summary = element('summary');
    const time = element('time', '', timestamp.slice(11, 19));
    time.setAttribute('datetime', timestamp);
    summary.append(
      element('span', 'seq', `#${sequence}`),
      ' ',
      time,
      ' ',
      element('code', 'type', type),
      ' ',
      element('span', 'pilot', typeof event.callsign === 'string' ? event.callsign : ''),
      ' ',
      element('span', 'stream muted', stream_id),
    );
    details.append(
      summary,
      element('pre', '', JSON.stringify({ sequence, id, type, stream_id, timestamp, ...own }, null, 2)),
    );
    item.append(details);
    list.prepend(item);
    document.getElementById('log-empty')?.remove();
    while (list.children.length > 500) list.lastElementChild.remove();
  }

  /** Fetches the view's <main> again after events (at most one request in flight, the rest coalesced). */
  let timer = null;
  let busy = false;
  let again = false;
  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const focused = [...main.querySelectorAll('[data-row]')].indexOf(document.activeElement);
    fetch(window.location.pathname + window.location.search, { headers: { 'x-fleet-fragment': 'main' } })
      .then((response) => (response.ok ? response.text() : null))
      .then((text) => {
        if (text !== null) {
          main.innerHTML = text;
          tick();
          if (focused >= 0) main.querySelectorAll('[data-row]')[focused]?.focus();
        }
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }
  function scheduleRefresh() {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      refresh();
    }, 80);
  }

  function onEvent(message) {
    const sequence = Number(message.lastEventId);
    if (!(sequence > last)) return;
    last = sequence;
    body.dataset.after = String(last);
    if (body.dataset.view === 'log') addLogRow(JSON.parse(message.data), sequence);
    else scheduleRefresh();
  }

  /**
   * The stream: the browser reconnects by itself with Last-Event-ID (the last sequence seen); if it gives up
   * (the server was gone for a while), a new stream starts after that same sequence.
   */
  let source = null;
  function connect() {
    source = new EventSource(`/live?after=${last}`);
    source.addEventListener('open', () => setState('open'));
    source.addEventListener('fleet', onEvent);
    source.addEventListener('error', () => {
      setState('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    });
  }
  connect();
  window.addEventListener('pagehide', () => source?.close());

  /** Keys: 1–6 views, j/k next/previous row, Enter opens a row's link, / the first filter, Escape leaves it. */
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.matches('input, select, textarea')) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    const view = document.querySelector(`nav a[data-key="${event.key}"]`);
    if (view !== null) {
      view.click();
      return;
    }
    if (event.key === 'j' || event.key === 'k') {
      const rows = [...main.querySelectorAll('[data-row], ol.log summary')];
      if (rows.length === 0) return;
      const at = rows.findIndex((row) => row === target || row.contains(target));
      const next = event.key === 'j' ? Math.min(rows.length - 1, at + 1) : Math.max(0, at - 1);
      rows[next].focus();
      rows[next].scrollIntoView({ block: 'nearest' });
      event.preventDefault();
    } else if (event.key === 'Enter' && target.matches('[data-row]')) {
      target.querySelector('a')?.click();
    } else if (event.key === '/') {
      const filter = main.querySelector('.filters select, .filters input');
      if (filter !== null) {
        filter.focus();
        event.preventDefault();
      }
    }
  });
})();
