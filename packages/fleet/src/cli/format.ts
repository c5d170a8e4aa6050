import { ACTING_PILOT, actorOf, type FleetEvent } from '@fleettools/events';
import { ownFields } from '@fleettools/events/internal';

const MAX_VALUE = 60;

/**
 * The field that names who an event is about, for display: the type's acting field, else `callsign` (a pilot
 * registering is not "acting" for the rules, but it is who the line is about).
 */
function subjectField(event: FleetEvent): string | undefined {
  return ACTING_PILOT[event.type] ?? ('callsign' in event ? 'callsign' : undefined);
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
  const field = subjectField(event);
  const own = ownFields(event);
  const named = field === undefined ? undefined : own[field];
  const actor = actorOf(event) ?? (typeof named === 'string' ? named : '-');
  const fields = Object.entries(own)
    .filter(([key, value]) => !(key === field && value === actor))
    .map(([key, value]) => `${key}=${shortValue(value)}`)
    .join(' ');
  const seq = `#${event.sequence ?? '?'}`;
  return [seq.padEnd(6), event.timestamp, event.type.padEnd(20), actor.padEnd(12), fields]
    .join('  ')
    .trimEnd();
}
