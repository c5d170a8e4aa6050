import { SORTIE_STATUS } from '@fleettools/core';
import type { MissionRow } from '@fleettools/db';
import type { Sortie } from '@fleettools/events';

import { html } from '../html.js';
import type { Page } from './layout.js';

/** How many cards a column of the board shows (the newest sorties); the count covers them all. */
export const CARDS_PER_COLUMN = 100;

function bar(percent: number, label: string): ReturnType<typeof html> {
  return html`<span
    class="bar"
    role="progressbar"
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow="${percent}"
    aria-label="${label}"
    ><span style="width:${percent}%"></span
  ></span>`;
}

/**
 * The missions and sorties board: each mission with its share of completed sorties, then one column per
 * sortie status with a card per sortie (assignee, progress bar, blocked reason).
 */
export function boardView(missions: readonly MissionRow[], sorties: readonly Sortie[]): Page {
  const missionRows = missions.map((m) => {
    const own = sorties.filter((s) => s.mission_id === m.mission_id);
    const done = own.filter((s) => s.status === SORTIE_STATUS.COMPLETED).length;
    const percent = own.length === 0 ? 0 : Math.round((done / own.length) * 100);
    return html`<li data-row tabindex="0">
      <b>${m.title}</b>
      <span class="state">${m.status}</span>
      ${bar(percent, `${m.title}: ${done} of ${own.length} sorties completed`)}
      <span class="muted">${done}/${own.length}</span>
    </li>`;
  });
  const columns = Object.values(SORTIE_STATUS).map((status) => {
    const all = sorties.filter((s) => s.status === status);
    const cards = all
      .slice(-CARDS_PER_COLUMN)
      .reverse()
      .map(
        (s) =>
          html`<li class="card" data-row tabindex="0" data-sortie="${s.sortie_id}">
            <b>${s.title}</b>
            <span class="muted">${s.sortie_id}</span>
            <span>${s.assigned_to === null ? 'unassigned' : html`→ ${s.assigned_to}`}</span>
            ${bar(s.progress, `${s.title}: ${s.progress}%`)}
            ${s.blocked_reason === null || status !== SORTIE_STATUS.BLOCKED ? '' : html`<span class="blocked">${s.blocked_reason}</span>`}
          </li>`,
      );
    const more = all.length - cards.length;
    return html`<section class="column" aria-label="${status}">
      <h2>${status.replace('_', ' ')} <span class="muted">${all.length}</span></h2>
      <ul>
        ${cards}
      </ul>
      ${more > 0 ? html`<p class="muted">… and ${more} more</p>` : ''}
    </section>`;
  });
  const main = html`<h1>Missions and sorties</h1>
    ${
      missionRows.length === 0
        ? html`<p class="muted">No mission yet.</p>`
        : html`<ul class="missions">
            ${missionRows}
          </ul>`
    }
    <div class="board">${columns}</div>`;
  return { view: 'board', title: 'Sorties', main };
}
