import type { FleetEvent } from '../index.js';

const ENVELOPE = new Set([
  'id',
  'type',
  'project_key',
  'timestamp',
  'sequence',
  'stream_version',
  'metadata',
]);
const ACTOR_FIELDS = ['callsign', 'from', 'created_by', 'recovered_by', 'spawned_by'] as const;
const MAX_VALUE = 60;

/** The event's own fields (everything but the envelope), as a plain record. */
export function ownFields(event: FleetEvent): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...event };
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !ENVELOPE.has(key)));
}

/** Who acted: `metadata.actor`, else the first of callsign, from, created_by… the event has; `-` if none. */
export function actorOf(event: FleetEvent): string {
  const fields = ownFields(event);
  const actor = event.metadata?.actor ?? ACTOR_FIELDS.map((key) => fields[key]).find((v) => v !== undefined);
  return typeof actor === 'string' ? actor : '-';
}

/** One field value for a log line: strings as they are, anything else as JSON, cut to 60 characters. */
function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_VALUE ? `${oneLine.slice(0, MAX_VALUE - 1)}…` : oneLine;
}

/**
 * One human-readable log line: sequence, time, type, actor, then the other fields as `key=value`.
 *
 * @example `#12  2025-01-09T14:30:00.000Z  file_reserved  viper-1  reservation_id=rsv-1 paths=["src/a.ts"]`
 */
export function formatEventLine(event: FleetEvent): string {
  const actor = actorOf(event);
  const fields = Object.entries(ownFields(event))
    .filter(([key, value]) => !((ACTOR_FIELDS as readonly string[]).includes(key) && value === actor))
    .map(([key, value]) => `${key}=${shortValue(value)}`)
    .join(' ');
  const seq = `#${event.sequence ?? '?'}`;
  return [seq.padEnd(6), event.timestamp, event.type.padEnd(20), actor.padEnd(12), fields]
    .join('  ')
    .trimEnd();
}
