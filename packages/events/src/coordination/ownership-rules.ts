import type { EventOf } from '../types/index.js';
import { allow, refuse, type Decision } from './decision.js';
import { UnauthorizedError } from './errors.js';
import { textOrNull, type Reader } from './reader.js';

/** Only a recipient reads or acknowledges a message. */
export async function decideRecipient(
  read: Reader,
  event: EventOf<'message_read'> | EventOf<'message_acked'>,
): Promise<Decision> {
  const rows = await read(
    'SELECT 1 FROM message_recipients WHERE project_key = ? AND message_id = ? AND callsign = ?',
    [event.project_key, event.message_id, event.callsign],
  );
  if (rows.length > 0) return allow(event);
  return refuse(
    new UnauthorizedError(event.type, event.callsign, `message ${event.message_id} is not addressed to it`),
  );
}

/**
 * Only the pilot a sortie is assigned to completes or fails it, unless the event gives an `override_reason`.
 * A sortie nobody took yet may be closed by anyone.
 */
export async function decideAssignee(
  read: Reader,
  event: EventOf<'sortie_completed'> | EventOf<'sortie_failed'>,
): Promise<Decision> {
  if (event.override_reason !== undefined) return allow(event);
  const [row] = await read('SELECT assigned_to FROM sorties WHERE project_key = ? AND sortie_id = ?', [
    event.project_key,
    event.sortie_id,
  ]);
  const assignee = textOrNull(row, 'assigned_to');
  if (assignee === null || assignee === event.callsign) return allow(event);
  return refuse(
    new UnauthorizedError(
      event.type,
      event.callsign,
      `sortie ${event.sortie_id} is assigned to ${assignee} (an override needs an override_reason)`,
    ),
  );
}
