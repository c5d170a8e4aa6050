import { html, type SafeHtml } from '../html.js';
import type { TimelinePoint } from '../queries/timeline.js';
import type { Page } from './layout.js';
import { durationText } from './time.js';

/** The families events are counted by, in the chart's stacking order. */
const FAMILIES = ['pilots', 'messages', 'files', 'work', 'checkpoints', 'other'] as const;
type Family = (typeof FAMILIES)[number];

/** The family of an event type: by its prefix. */
export function familyOf(type: string): Family {
  if (type.startsWith('pilot_') || type === 'context_compacted') return 'pilots';
  if (type.startsWith('message_') || type.startsWith('thread_')) return 'messages';
  if (type.startsWith('file_')) return 'files';
  if (type.startsWith('mission_') || type.startsWith('sortie_') || type.startsWith('work_order_'))
    return 'work';
  if (type.startsWith('checkpoint_') || type.startsWith('lock_')) return 'checkpoints';
  return 'other';
}

const MINUTES = 60;
const COLUMN = 20;
const WIDTH = MINUTES * COLUMN;
const CHART_HEIGHT = 160;
const LANE = 20;
const LABEL = 200;
/** A pilot with nothing for this long is marked silent. */
const SILENT_MS = 2 * 60_000;

function minuteIndex(timestamp: string, startMs: number): number {
  return Math.floor((Date.parse(timestamp) - startMs) / 60_000);
}

function chart(points: readonly TimelinePoint[], startMs: number): SafeHtml {
  const counts = Array.from({ length: MINUTES }, () => new Map<Family, number>());
  for (const point of points) {
    const bucket = counts[minuteIndex(point.timestamp, startMs)];
    if (bucket === undefined) continue;
    const family = familyOf(point.type);
    bucket.set(family, (bucket.get(family) ?? 0) + 1);
  }
  const max = Math.max(1, ...counts.map((bucket) => [...bucket.values()].reduce((a, b) => a + b, 0)));
  const bars = counts.map((bucket, minute) => {
    let y = CHART_HEIGHT;
    return FAMILIES.map((family) => {
      const n = bucket.get(family) ?? 0;
      if (n === 0) return '';
      const h = (n / max) * CHART_HEIGHT;
      y -= h;
      return html`<rect
        class="f-${family}"
        x="${minute * COLUMN + 1}"
        y="${y.toFixed(1)}"
        width="${COLUMN - 2}"
        height="${h.toFixed(1)}"
        ><title>${n} ${family}</title></rect
      >`;
    });
  });
  return html`<svg
    class="chart"
    viewBox="0 0 ${WIDTH} ${CHART_HEIGHT + 14}"
    role="img"
    aria-label="Events per minute by family, last hour (peak ${max})"
  >
    ${bars}
    <text x="0" y="${CHART_HEIGHT + 12}">−60 min</text>
    <text x="${WIDTH}" y="${CHART_HEIGHT + 12}" text-anchor="end">now</text>
  </svg>`;
}

/** What a lane's tick stands for: heartbeats, reservations, sortie work, or anything else the pilot did. */
function kindOf(type: string): 'heartbeat' | 'reservation' | 'work' | 'other' {
  const family = familyOf(type);
  return family === 'pilots'
    ? 'heartbeat'
    : family === 'files'
      ? 'reservation'
      : family === 'work'
        ? 'work'
        : 'other';
}

function lanes(
  points: readonly TimelinePoint[],
  callsigns: readonly string[],
  startMs: number,
  nowMs: number,
): SafeHtml {
  const span = nowMs - startMs;
  const rows = callsigns.map((callsign, i) => {
    const own = points.filter((p) => p.callsign === callsign);
    const seen = new Set<string>();
    const ticks = own.flatMap((p) => {
      const x = Math.floor(((Date.parse(p.timestamp) - startMs) / span) * WIDTH);
      const kind = kindOf(p.type);
      const key = `${kind}:${x}`;
      if (x < 0 || seen.has(key)) return [];
      seen.add(key);
      return [
        html`<rect
          class="k-${kind}"
          x="${LABEL + x}"
          y="${i * LANE + 3}"
          width="2"
          height="${LANE - 6}"
        ></rect>`,
      ];
    });
    const last = own[0];
    const quiet = last === undefined ? span : nowMs - Date.parse(last.timestamp);
    const silent = quiet > SILENT_MS;
    return html`<g data-lane="${callsign}" ${silent ? html` class="silent"` : ''}
      ><text x="0" y="${i * LANE + 13}"
        >${callsign}${silent ? html` · silent ${durationText(quiet)}` : ''}</text
      >
      <line x1="${LABEL}" x2="${LABEL + WIDTH}" y1="${i * LANE + LANE / 2}" y2="${i * LANE + LANE / 2}"></line
      >${ticks}</g
    >`;
  });
  const height = Math.max(1, callsigns.length) * LANE;
  return html`<svg
    class="lanes"
    viewBox="0 0 ${LABEL + WIDTH} ${height}"
    role="img"
    aria-label="One lane per pilot, last hour"
  >
    ${rows}
  </svg>`;
}

/**
 * The timeline: events per minute by family over the last hour, and one lane per pilot (heartbeats,
 * reservations, sortie work) so a silent or stuck pilot shows at a glance.
 */
export function timelineView(
  points: readonly TimelinePoint[],
  callsigns: readonly string[],
  nowMs: number,
  capped: boolean,
): Page {
  const startMs = nowMs - MINUTES * 60_000;
  const legend = (names: readonly string[], prefix: string): SafeHtml[] =>
    names.map((name) => html`<li><span class="swatch ${prefix}-${name}"></span>${name}</li>`);
  const main = html`<h1>Timeline, last hour</h1>
    ${capped ? html`<p class="muted">A busy hour: the chart shows its latest ${points.length} events.</p>` : ''}
    <h2>Events per minute</h2>
    <ul class="legend">
      ${legend(FAMILIES, 'f')}
    </ul>
    ${chart(points, startMs)}
    <h2>Pilots</h2>
    <ul class="legend">
      ${legend(['heartbeat', 'reservation', 'work', 'other'], 'k')}
    </ul>
    <div class="scroll">${lanes(points, callsigns, startMs, nowMs)}</div>`;
  return { view: 'timeline', title: 'Timeline', main };
}
