import { EVENT_TYPES, FleetEventSchema, type FleetEventType } from '@fleettools/events';
import { z } from 'zod';

import type { Command } from './context.js';
import { NO_POSITIONALS } from './context.js';
import { CliUsageError } from './io.js';

/** Every event type in one line of meaning. A `Record` over the union: a new type without a line is a compile error. */
export const EVENT_MEANINGS: Readonly<Record<FleetEventType, string>> = {
  pilot_registered: 'a pilot joins the project (callsign, program, model, task, ttl_ms)',
  pilot_active: 'heartbeat: the pilot is alive now',
  pilot_deregistered: 'the pilot leaves; it may register again',
  message_sent: 'a message to 1-100 pilots, optionally in a thread, optionally to be acknowledged',
  message_read: 'a recipient read a message',
  message_acked: 'a recipient acknowledged a message',
  thread_created: 'a conversation is opened',
  thread_closed: 'a conversation is closed; it stays readable',
  file_reserved: 'a pilot reserves paths or globs, exclusive or shared, for a TTL',
  file_renewed: 'the holder extends its reservation',
  file_released: 'the holder (or a coordinator, with a reason) gives the files back',
  file_conflict: "a reservation met another pilot's: denied, or granted with a warning",
  mission_created: 'a mission (a goal split into sorties) is created',
  mission_started: 'a mission starts',
  mission_completed: 'a mission is done',
  mission_cancelled: 'a mission is cancelled, with a reason',
  sortie_created:
    'a sortie (a unit of work) is created, optionally in a mission, with files, dependencies, priority',
  sortie_started: 'a pilot starts a sortie and becomes its assignee',
  sortie_progress: 'the assignee reports progress (0-100)',
  sortie_blocked: 'the assignee is blocked, with a reason',
  sortie_resumed: 'a blocked sortie resumes (or another pilot takes it over)',
  sortie_completed: 'the assignee completes the sortie',
  sortie_failed: 'the sortie failed, with a reason',
  sortie_dependency_added: 'a sortie waits for more sorties: ready only once they are completed',
  sortie_assigned: 'a pending sortie is given to a pilot',
  sortie_claimed: 'a pilot takes a ready sortie and starts it (atomic; optionally reserving its files)',
  sortie_reclaimed: "a stale pilot's sortie goes back to ready, saying why",
  work_order_created: 'a step of a sortie is created',
  work_order_started: 'a pilot starts a work order',
  work_order_completed: 'a work order is done',
  work_order_failed: 'a work order failed, with a reason',
  work_order_dependency_added: 'a work order waits for more work orders',
  checkpoint_created: 'a pilot saves where it is (summary, state, files)',
  checkpoint_restored: 'a pilot resumes from a checkpoint',
  context_compacted: "a pilot's context window was compacted",
  fleet_recovered: "a pilot takes over a lost pilot's work",
  pilot_spawned: 'a coordinator started a new pilot process',
  coordinator_decision: 'a coordinator records a decision and why',
  lock_acquired: 'a pilot takes a named lock; the store assigns a fencing token',
  lock_released: 'the holder releases a lock',
  cursor_moved: 'a durable consumer commits its position',
};

/** `fleet types`: every event type with its meaning. */
export const typesCommand: Command = {
  usage: 'fleet types [--json]',
  summary: 'every event type, with a one-line meaning',
  about: "Lists the event catalog; fleet schema TYPE prints one type's fields as JSON Schema.",
  options: {},
  positionals: NO_POSITIONALS,
  run: (ctx) => {
    const types = EVENT_TYPES.map((type) => ({ type, meaning: EVENT_MEANINGS[type] }));
    ctx.out(
      types,
      types.map((t) => `${t.type.padEnd(28)} ${t.meaning}`),
    );
    return Promise.resolve(undefined);
  },
};

/** The JSON Schema of one event type, generated from its Zod schema (what an event of the type may hold). */
export function eventJsonSchema(type: string): Record<string, unknown> {
  const schema = FleetEventSchema.options.find((option) => option.shape.type.value === type);
  if (schema === undefined) throw new CliUsageError(`unknown event type '${type}' (fleet types lists them)`);
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** `fleet schema TYPE`: one event type's JSON Schema. */
export const schemaCommand: Command = {
  usage: 'fleet schema TYPE',
  summary: 'the JSON Schema of an event type (generated from the Zod schema)',
  about: "Prints the JSON Schema of TYPE's events as the store accepts them (defaults optional).",
  options: {},
  positionals: { min: 1, max: 1, name: 'TYPE' },
  run: (ctx) => {
    const schema = eventJsonSchema(ctx.args.positionals[0] ?? '');
    ctx.io.stdout(JSON.stringify(schema, null, ctx.json ? undefined : 2));
    return Promise.resolve(undefined);
  },
};
