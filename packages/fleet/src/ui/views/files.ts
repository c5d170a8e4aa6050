import type { EventOf, Reservation } from '@fleettools/events';

import { html, joinHtml, type SafeHtml } from '../html.js';
import type { Page } from './layout.js';
import { clockText, leftText } from './time.js';

/** How many reserved paths one page of the files view shows. */
export const FILES_PAGE = 300;

/** One reserved path and the reservation holding it. */
interface Held {
  readonly path: string;
  readonly reservation: Reservation;
}

/** A directory of the tree: its subdirectories and the reserved paths directly in it. */
interface Dir {
  readonly dirs: Map<string, Dir>;
  readonly leaves: { readonly name: string; readonly held: Held }[];
}

function treeOf(items: readonly Held[]): Dir {
  const root: Dir = { dirs: new Map(), leaves: [] };
  for (const held of items) {
    const parts = held.path.split('/');
    const name = parts.pop() ?? held.path;
    let dir = root;
    for (const part of parts) {
      let next = dir.dirs.get(part);
      if (next === undefined) {
        next = { dirs: new Map(), leaves: [] };
        dir.dirs.set(part, next);
      }
      dir = next;
    }
    dir.leaves.push({ name, held });
  }
  return root;
}

function renderDir(dir: Dir, nowMs: number): SafeHtml {
  const dirs = [...dir.dirs.entries()].map(
    ([name, sub]) =>
      html`<li class="dir">
        <details open>
          <summary>${name}/</summary>
          ${renderDir(sub, nowMs)}
        </details>
      </li>`,
  );
  const leaves = dir.leaves.map(({ name, held: { path, reservation: r } }) => {
    return html`<li class="leaf" data-row tabindex="0" data-path="${path}">
      <code>${name}</code> <span class="holder">${r.callsign}</span>
      <span class="mode mode-${r.mode}">${r.mode}</span>
      <time datetime="${r.expires_at}" data-expires="${r.expires_at}">${leftText(r.expires_at, nowMs)}</time>
      <span class="muted">${r.reservation_id}</span>
    </li>`;
  });
  return html`<ul class="tree">
    ${dirs}${leaves}
  </ul>`;
}

/**
 * The files view: the active reservations' paths as a tree (a page of {@link FILES_PAGE} paths, by path),
 * each with its holder, mode and a countdown to expiry, then the latest refusals (`file_conflict` events).
 */
export function filesView(
  reservations: readonly Reservation[],
  refusals: readonly EventOf<'file_conflict'>[],
  page: number,
  nowMs: number,
): Page {
  const items = reservations
    .flatMap((reservation) => reservation.paths.map((path) => ({ path, reservation })))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const pages = Math.max(1, Math.ceil(items.length / FILES_PAGE));
  const shown = items.slice((page - 1) * FILES_PAGE, page * FILES_PAGE);
  const pager =
    pages === 1
      ? ''
      : html`<nav class="pager" aria-label="Pages">
          ${page > 1 ? html`<a href="/files?page=${page - 1}" rel="prev">← previous</a>` : ''}
          <span>page ${page} of ${pages} (${items.length} paths)</span>
          ${page < pages ? html`<a href="/files?page=${page + 1}" rel="next">next →</a>` : ''}
        </nav>`;
  const refused = refusals.map(
    (e) =>
      html`<li data-row tabindex="0">
        <time datetime="${e.timestamp}">${clockText(e.timestamp)}</time> <b>${e.callsign}</b> wanted
        ${joinHtml(
          e.paths.map((p) => html`<code>${p}</code>`),
          ', ',
        )}:
        ${e.resolution}, held by
        ${joinHtml(
          e.conflicts.map(
            (c) => html`<b>${c.callsign}</b> (<code>${c.path}</code> until ${clockText(c.expires_at)})`,
          ),
          ', ',
        )}
      </li>`,
  );
  const main = html`<h1>Files</h1>
    <section aria-labelledby="reserved">
      <h2 id="reserved">Reserved now (${items.length})</h2>
      ${shown.length === 0 ? html`<p class="muted">Nothing is reserved.</p>` : renderDir(treeOf(shown), nowMs)}
      ${pager}
    </section>
    <section aria-labelledby="refusals">
      <h2 id="refusals">Recent refusals</h2>
      ${
        refused.length === 0
          ? html`<p class="muted">No reservation was refused.</p>`
          : html`<ul class="refusals">
              ${refused}
            </ul>`
      }
    </section>`;
  return { view: 'files', title: 'Files', main };
}
