import { html, type SafeHtml } from '../html.js';

/** The dashboard's views: their names, paths and the key that opens each. */
export const VIEWS = [
  { name: 'pilots', path: '/', label: 'Pilots' },
  { name: 'files', path: '/files', label: 'Files' },
  { name: 'board', path: '/board', label: 'Sorties' },
  { name: 'threads', path: '/threads', label: 'Threads' },
  { name: 'log', path: '/log', label: 'Log' },
  { name: 'timeline', path: '/timeline', label: 'Timeline' },
] as const;

/** One of {@link VIEWS}' names. */
export type ViewName = (typeof VIEWS)[number]['name'];

/** A rendered view: which one, its title and its main content. */
export interface Page {
  readonly view: ViewName;
  readonly title: string;
  readonly main: SafeHtml;
}

/** What every page shows around its view: the project and where the live stream starts. */
export interface Frame {
  readonly root: string;
  /** The latest sequence the page was rendered at: the live stream resumes after it. */
  readonly sequence: number;
  readonly nowMs: number;
}

/** The whole document of a view: header, navigation (keys 1–6), live indicator, and the view's main. */
export function layout(page: Page, frame: Frame): SafeHtml {
  const nav = VIEWS.map(
    (view, i) =>
      html`<a
        href="${view.path}"
        data-key="${i + 1}"
        ${page.view === view.name ? html` aria-current="page"` : ''}
        ><kbd>${i + 1}</kbd> ${view.label}</a
      >`,
  );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>${page.title} · FleetTools</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body data-view="${page.view}" data-after="${frame.sequence}" data-server-now="${frame.nowMs}">
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <div class="brand">
            <strong>FleetTools</strong> <span class="root" title="${frame.root}">${frame.root}</span>
          </div>
          <nav aria-label="Views">${nav}</nav>
          <span id="live" data-state="connecting" role="status" aria-live="polite">connecting</span>
        </header>
        <main id="main" tabindex="-1">${page.main}</main>
        <footer>
          <kbd>1</kbd>–<kbd>6</kbd> views · <kbd>j</kbd>/<kbd>k</kbd> next/previous row ·
          <kbd>Enter</kbd> open · <kbd>/</kbd> filter
        </footer>
      </body>
    </html>`;
}
