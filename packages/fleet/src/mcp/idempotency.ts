import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

import { eventsTable } from '@fleettools/db';
import {
  IdempotencyConflictError,
  type EventOf,
  type FleetEvent,
  type FleetEventType,
} from '@fleettools/events';
import { and, eq } from 'drizzle-orm';

import { PilotScope, type PilotFields } from '../pilot/scope.js';

/** The idempotency key of the tool call now running, and how many events it has emitted so far. */
interface KeyedCall {
  readonly key: string;
  readonly tool: string;
  emitted: number;
  replayed: boolean;
}

const calls = new AsyncLocalStorage<KeyedCall>();

/**
 * The id of the `n`-th event a keyed call emits: a hash of the pilot, the tool, the key and `n`, so the same
 * call retried lands on the same event ids (the store's event id is the natural idempotency key).
 */
export function keyedEventId(callsign: string, tool: string, key: string, n: number): string {
  const digest = createHash('sha256').update(`${callsign}\0${tool}\0${key}\0${n}`).digest('base64url');
  return `evt-k${digest.slice(0, 40)}`;
}

/**
 * Runs one tool call under an idempotency key: every event it emits gets a key-derived id, and an event already
 * stored under that id is returned as stored instead of written again. Returns the call's result and whether
 * any of its events was a replay.
 */
export async function runKeyed<T>(
  tool: string,
  key: string | undefined,
  call: () => Promise<T>,
): Promise<{ readonly result: T; readonly replayed: boolean }> {
  if (key === undefined) return { result: await call(), replayed: false };
  const state: KeyedCall = { key, tool, emitted: 0, replayed: false };
  const result = await calls.run(state, call);
  return { result, replayed: state.replayed };
}

/** A pilot scope whose writes honour the idempotency key of the tool call running them (see {@link runKeyed}). */
export class KeyedScope extends PilotScope {
  /** Appends the event, or inside a keyed call returns the event already stored under its key-derived id. */
  override async emit<T extends FleetEventType>(type: T, fields: PilotFields<T>): Promise<EventOf<T>> {
    const call = calls.getStore();
    if (call === undefined) return super.emit(type, fields);
    const id = keyedEventId(this.callsign, call.tool, call.key, call.emitted++);
    const before = await this.#stored(id);
    if (before !== undefined) {
      call.replayed = true;
      // Stored under the id this emit of type T chose: an event of type T.
      return before as EventOf<T>;
    }
    try {
      return await super.emit(type, { ...fields, id });
    } catch (error) {
      // Two retries of one call raced: the other stored it first.
      const raced = error instanceof IdempotencyConflictError ? await this.#stored(id) : undefined;
      if (raced === undefined) throw error;
      call.replayed = true;
      return raced as EventOf<T>;
    }
  }

  /** Runs `tick` on a timer outside any keyed call, so a renewal started by one never borrows its key. */
  override every(ms: number, tick: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
    return super.every(ms, () => calls.exit(tick), onError);
  }

  /** The event stored under `id` in this project, if any. */
  async #stored(id: string): Promise<FleetEvent | undefined> {
    const [row] = await this.db
      .select({ sequence: eventsTable.sequence })
      .from(eventsTable)
      .where(and(eq(eventsTable.id, id), eq(eventsTable.project_key, this.projectKey)));
    if (row === undefined) return undefined;
    const [event] = await this.store.query({
      project_key: this.projectKey,
      after_sequence: row.sequence - 1,
      limit: 1,
    });
    return event;
  }
}
