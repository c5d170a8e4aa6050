import { TTL } from '@fleettools/core';
import { createEvent, type FleetEvent } from '@fleettools/events';

import { PROJECT } from './events.js';

/**
 * The realistic mix of the scale mode: 20 pilots heartbeating, messages to 1–3 pilots in 200 threads, reads
 * and acks, a reservation cycle (reserve, renew, release ten blocks later, so about ten are active at any
 * moment), sorties created, started, progressed and completed, and checkpoints. One block is 20 events.
 */

/** Pilots of the mix. */
export const SCALE_PILOTS = 20;

/** The pilot whose inbox the scale mode reads (one message of every block is to it). */
export const SCALE_READER = 'scale-reader';

/** The pilot that holds {@link SCALE_HELD_PATH} for the refusal measure (reserved before measuring). */
export const SCALE_HOLDER = 'scale-holder';

/** The path the refusal measure asks for, held exclusively by {@link SCALE_HOLDER}. */
export const SCALE_HELD_PATH = 'src/held/file.ts';

/** Blocks between a reservation and its release: about this many reservations are active at any moment. */
const RESERVATIONS_ACTIVE = 10;

const BLOCK = 20;
const THREADS = 200;
const RESERVED_DIRS = 500;
const SORTIE_BLOCKS = 100;
const CHECKPOINT_EVERY = 5;

const pilot = (n: number): string => `pilot-${String(n % SCALE_PILOTS)}`;

/** The registrations that open the mix: its pilots, the reader and the holder, live for a week. */
export function scalePrologue(timestamp: string): FleetEvent[] {
  return [...Array.from({ length: SCALE_PILOTS }, (_, n) => pilot(n)), SCALE_READER, SCALE_HOLDER].map(
    (callsign) =>
      createEvent('pilot_registered', { project_key: PROJECT, callsign, ttl_ms: TTL.MAX, timestamp }),
  );
}

/** The `i`-th event of the mix, timestamped `i` ms after `startMs`. */
export function scaleEvent(i: number, startMs: number): FleetEvent {
  const b = Math.floor(i / BLOCK);
  const p = pilot(b);
  const common = { project_key: PROJECT, timestamp: new Date(startMs + i).toISOString() };
  const heartbeat = (n: number) => createEvent('pilot_active', { ...common, callsign: pilot(n) });
  const firstMessage = `msg-s${String(b)}a`;
  switch (i % BLOCK) {
    case 1:
      return createEvent('message_sent', {
        ...common,
        message_id: firstMessage,
        from: p,
        to: Array.from({ length: 1 + (b % 3) }, (_, k) => pilot(b + 1 + k)),
        subject: 'Status',
        body: 'The parser change is ready for review; the lexer tests pass.',
        thread_id: `thread-${String(b % THREADS)}`,
        ack_required: b % 2 === 0,
      });
    case 2:
      return createEvent('message_read', { ...common, message_id: firstMessage, callsign: pilot(b + 1) });
    case 3:
      return b % 2 === 0
        ? createEvent('message_acked', { ...common, message_id: firstMessage, callsign: pilot(b + 1) })
        : heartbeat(b + 2);
    case 4:
      return createEvent('file_reserved', {
        ...common,
        reservation_id: `rsv-s${String(b)}`,
        callsign: p,
        paths: [`src/mod-${String(b % RESERVED_DIRS)}/file.ts`],
        ttl_ms: TTL.MAX,
      });
    case 5:
      return sortieEvent(b, common);
    case 7:
      return createEvent('message_sent', {
        ...common,
        message_id: `msg-s${String(b)}b`,
        from: pilot(b + 5),
        to: [SCALE_READER, p],
        subject: 'Question',
        body: 'Can you take a look at the failing integration test this afternoon?',
        thread_id: `thread-${String((b * 7) % THREADS)}`,
      });
    case 8:
      return createEvent('file_renewed', {
        ...common,
        reservation_id: `rsv-s${String(b)}`,
        callsign: p,
        ttl_ms: TTL.MAX,
      });
    case 10:
      return createEvent('message_read', {
        ...common,
        message_id: `msg-s${String(b)}b`,
        callsign: SCALE_READER,
      });
    case 11:
      return b < RESERVATIONS_ACTIVE
        ? heartbeat(b + 3)
        : createEvent('file_released', {
            ...common,
            reservation_id: `rsv-s${String(b - RESERVATIONS_ACTIVE)}`,
            callsign: pilot(b - RESERVATIONS_ACTIVE),
          });
    case 12:
      return b % CHECKPOINT_EVERY === 0
        ? createEvent('checkpoint_created', {
            ...common,
            checkpoint_id: `ckpt-s${String(b)}`,
            callsign: p,
            summary: 'Parser refactor half done',
            state: { step: b % 7, files: ['src/parser.ts'] },
          })
        : sortieEvent(b, common, 'progress');
    default:
      return heartbeat(b + (i % BLOCK));
  }
}

/** The sortie event of block `b`: every 100 blocks a sortie is created, started, progressed and completed. */
function sortieEvent(
  b: number,
  common: { readonly project_key: string; readonly timestamp: string },
  only?: 'progress',
): FleetEvent {
  const sortie = Math.floor(b / SORTIE_BLOCKS);
  const sortie_id = `sortie-s${String(sortie)}`;
  const callsign = pilot(sortie);
  const step = b % SORTIE_BLOCKS;
  if (only === undefined && step === 0) {
    return createEvent('sortie_created', { ...common, sortie_id, title: `Sortie ${String(sortie)}` });
  }
  if (only === undefined && step === 1)
    return createEvent('sortie_started', { ...common, sortie_id, callsign });
  if (only === undefined && step === SORTIE_BLOCKS - 1) {
    return createEvent('sortie_completed', { ...common, sortie_id, callsign });
  }
  return createEvent('sortie_progress', { ...common, sortie_id, callsign, progress: Math.max(1, step) });
}
