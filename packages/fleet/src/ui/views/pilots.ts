import { SORTIE_STATUS } from '@fleettools/core';

import type { FleetStatus } from '../../fleet.js';
import { html, joinHtml } from '../html.js';
import type { Page } from './layout.js';
import { agoText } from './time.js';

/** How many held paths a pilot's row lists; the files view has them all. */
const PATHS_SHOWN = 6;

/**
 * The pilots view: counts at a glance, then one row per pilot with its state (live, stale, deregistered), its
 * last heartbeat, program and model, what it holds and its current sortie. A live pilot carries `data-stale-at`
 * so the page turns it stale when its TTL runs out, with no event needed.
 */
export function pilotsView(status: FleetStatus, nowMs: number): Page {
  const holds = new Map<string, string[]>();
  for (const r of status.reservations) holds.set(r.callsign, [...(holds.get(r.callsign) ?? []), ...r.paths]);
  const flying = new Map(
    status.sorties.items
      .filter((s) => s.status === SORTIE_STATUS.IN_PROGRESS && s.assigned_to !== null)
      .map((s) => [s.assigned_to, s]),
  );
  const count = (state: string): number => status.pilots.filter((p) => p.status === state).length;
  const rows = status.pilots.map((p) => {
    const paths = holds.get(p.callsign) ?? [];
    const sortie = flying.get(p.callsign);
    return html`<tr
      data-row
      tabindex="0"
      data-pilot="${p.callsign}"
      ${p.status === 'active' ? html` data-stale-at="${p.stale_at}"` : ''}
    >
      <th scope="row">${p.callsign}</th>
      <td>
        <span class="state state-${p.status}" data-state>${p.status === 'active' ? 'live' : p.status}</span>
      </td>
      <td>
        <time datetime="${p.last_seen_at}" data-ago="${p.last_seen_at}"
          >${agoText(p.last_seen_at, nowMs)}</time
        >
      </td>
      <td>${p.program ?? '–'}</td>
      <td>${p.model ?? '–'}</td>
      <td class="paths">
        ${
          paths.length === 0
            ? '–'
            : html`${joinHtml(
                paths.slice(0, PATHS_SHOWN).map((path) => html`<code>${path}</code>`),
                ' ',
              )}${paths.length > PATHS_SHOWN ? html` <a href="/files">+${paths.length - PATHS_SHOWN} more</a>` : ''}`
        }
      </td>
      <td>
        ${sortie === undefined ? '–' : html`${sortie.title} <span class="muted">${sortie.progress}%</span>`}
      </td>
    </tr>`;
  });
  const main = html`<h1>Pilots</h1>
    <ul class="counts">
      <li><b>${count('active')}</b> live</li>
      <li><b>${count('stale')}</b> stale</li>
      <li><b>${count('deregistered')}</b> deregistered</li>
      <li><b>${status.reservations.length}</b> reservations</li>
      <li><b>${status.sorties.counts.in_progress}</b> sorties in progress</li>
      <li><b>${status.latest_sequence}</b> events</li>
    </ul>
    <div class="scroll">
      <table id="pilots">
        <thead>
          <tr>
            <th scope="col">Pilot</th>
            <th scope="col">State</th>
            <th scope="col">Last heartbeat</th>
            <th scope="col">Program</th>
            <th scope="col">Model</th>
            <th scope="col">Holds</th>
            <th scope="col">Sortie</th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length === 0
              ? html`<tr>
                  <td colspan="7" class="muted">No pilot has registered yet.</td>
                </tr>`
              : rows
          }
        </tbody>
      </table>
    </div>`;
  return { view: 'pilots', title: 'Pilots', main };
}
