/**
 * Whether a pilot is live at `atMs` (ms since the epoch): its last heartbeat (`last_seen_at`, ISO) is within
 * its TTL. Judged at read time, never by a background job; one rule for the read model, reclaim and the CLI.
 *
 * @example isPilotLive(pilot, Date.now())
 */
export function isPilotLive(
  pilot: { readonly last_seen_at: string; readonly ttl_ms: number },
  atMs: number,
): boolean {
  return Date.parse(pilot.last_seen_at) + pilot.ttl_ms > atMs;
}
