/**
 * Aligned text tables for `fleet status`: one header row and left-aligned columns separated by two spaces,
 * with `(none)` under the header when there are no rows.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    widths
      .map((width, i) => (cells[i] ?? '').padEnd(width))
      .join('  ')
      .trimEnd();
  return [line(headers), ...(rows.length === 0 ? ['(none)'] : rows.map(line))];
}

/** A duration relative to now in words: `3s ago`, `in 2m 5s`, `now` within half a second. */
export function relativeTime(iso: string, now: Date): string {
  const delta = Date.parse(iso) - now.getTime();
  const seconds = Math.round(Math.abs(delta) / 1000);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (seconds === 0) return 'now';
  const text =
    hours > 0 ? `${hours}h ${minutes % 60}m` : minutes > 0 ? `${minutes}m ${seconds % 60}s` : `${seconds}s`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}
