/** A duration in words as the dashboard shows it: `12 s`, `4 m 05 s`, `2 h 10 m`. */
export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

/** How long ago `iso` was: `12 s ago`. The page's script keeps it current from the element's `data-ago`. */
export function agoText(iso: string, nowMs: number): string {
  return `${durationText(nowMs - Date.parse(iso))} ago`;
}

/** How long until `iso`: `4 m 05 s left`, or `expired`. The page's script counts it down (`data-expires`). */
export function leftText(iso: string, nowMs: number): string {
  const left = Date.parse(iso) - nowMs;
  return left > 0 ? `${durationText(left)} left` : 'expired';
}

/** The clock time of an instant, `14:03:21` (UTC), for lists where the date is implied. */
export function clockText(iso: string): string {
  return iso.slice(11, 19);
}
