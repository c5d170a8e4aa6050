/** HTML text that is safe to insert as it is: made only by {@link html} (which escapes what it is given). */
export class SafeHtml {
  constructor(
    /** The markup. */
    readonly text: string,
  ) {}
}

/** What {@link html} accepts between its parts: text (escaped), numbers, markup, lists of them, or nothing. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[] | null | undefined | false;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text escaped for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}

/**
 * A template tag for markup: every interpolated string is escaped, markup made by `html` is kept, lists are
 * joined, and `null`/`undefined`/`false` vanish.
 *
 * @example html`<td>${callsign}</td>` // callsign '<b>' renders as &lt;b&gt;
 */
export function html(parts: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let text = parts[0] ?? '';
  values.forEach((value, i) => {
    text += render(value) + (parts[i + 1] ?? '');
  });
  return new SafeHtml(text);
}

/** Markup pieces with `separator` (text, escaped) between them: `a, b, c`. */
export function joinHtml(pieces: readonly SafeHtml[], separator: string): SafeHtml {
  return new SafeHtml(pieces.map((piece) => piece.text).join(escapeHtml(separator)));
}
