import { setTimeout as sleep } from 'node:timers/promises';

import { createEvent } from '../helpers.js';
import type { EventStore } from './event-store.js';
import type { FleetEvent, FleetEventType } from '../types/index.js';
import { readOn } from './read-on.js';

/** Options of {@link Consumer.open}. */
export interface ConsumerOptions {
  /** The project to follow. */
  readonly projectKey: string;
  /** The consumer's durable name, e.g. `inbox:viper-1`: its position is stored under it. */
  readonly name: string;
  /** Only these event types (all when absent). */
  readonly types?: readonly FleetEventType[];
}

/** Options of {@link Consumer.waitForEvents}. */
export interface WaitOptions {
  /** Give up after this many milliseconds (default 30,000). */
  readonly timeoutMs?: number;
}

const FIRST_POLL_MS = 2;
const MAX_POLL_MS = 50;

/**
 * A durable consumer of a project's events: it reads the events after its committed position in pages, and
 * commits its new position together with the events its work produced, in one atomic append. Processing is
 * at-least-once with no gap and no skip: after a crash it resumes from the last commit and sees again what it
 * had not committed. A consumer whose position fell behind a compaction reads on through the archive.
 *
 * @example
 * const inbox = await Consumer.open(store, { projectKey: '/p', name: 'inbox:viper-1', types: ['message_sent'] });
 * for (const event of await inbox.poll()) handle(event);
 * await inbox.commit();
 */
export class Consumer {
  readonly #store: EventStore;
  readonly #options: ConsumerOptions;
  #position: number;
  #seen: number;

  private constructor(store: EventStore, options: ConsumerOptions, position: number) {
    this.#store = store;
    this.#options = options;
    this.#position = position;
    this.#seen = position;
  }

  /** A consumer positioned where its name last committed (0 for a new one). */
  static async open(store: EventStore, options: ConsumerOptions): Promise<Consumer> {
    return new Consumer(store, options, await store.getCursor(options.projectKey, options.name));
  }

  /** The committed position: the last sequence this consumer has handled. */
  get position(): number {
    return this.#position;
  }

  /**
   * The next events after what this consumer has seen (committed or polled), oldest first, at most `limit`
   * read. Its own `cursor_moved` events (written by {@link commit}) are passed over, never returned.
   */
  async poll(limit = 100): Promise<FleetEvent[]> {
    const events = await this.#next(limit);
    const last = events.at(-1)?.sequence;
    if (last !== undefined) this.#seen = last;
    return events.filter((event) => !this.#isOwnCursor(event));
  }

  /**
   * Commits the position (default: everything polled so far) together with `record`, the events the work
   * produced, in one atomic append: both land or neither does.
   *
   * @returns the stored events of `record`.
   */
  async commit(record: readonly FleetEvent[] = [], upTo = this.#seen): Promise<FleetEvent[]> {
    const moved = createEvent('cursor_moved', {
      project_key: this.#options.projectKey,
      consumer: this.#options.name,
      position: upTo,
    });
    const stored = await this.#store.appendMany([...record, moved], this.#options.projectKey);
    this.#position = upTo;
    this.#seen = Math.max(this.#seen, upTo);
    return stored.slice(0, record.length);
  }

  /**
   * Waits until the project holds an event this consumer would poll (of its types, not its own cursor move),
   * after what it has seen, checking with
   * back-off from 2 ms to 50 ms (so a new event is noticed within about 50 ms, and an idle consumer costs
   * about 20 cheap reads a second).
   *
   * @returns true when there is something new, false when `timeoutMs` passed first.
   */
  async waitForEvents(options: WaitOptions = {}): Promise<boolean> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    let delay = FIRST_POLL_MS;
    for (;;) {
      if (await this.#hasNew()) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
  }

  /**
   * The events after what this consumer has seen, of its types, oldest first, at most `limit`; through the
   * archive when a compaction moved them there.
   */
  #next(limit: number): Promise<FleetEvent[]> {
    const { projectKey, types } = this.#options;
    return readOn(this.#store, {
      project_key: projectKey,
      after_sequence: this.#seen,
      limit,
      ...(types === undefined ? {} : { types: [...types] }),
    });
  }

  /** Whether {@link poll} would return something now (its own cursor moves passed over without a return). */
  async #hasNew(): Promise<boolean> {
    for (;;) {
      const [next] = await this.#next(1);
      if (next === undefined) return false;
      if (!this.#isOwnCursor(next)) return true;
      this.#seen = next.sequence ?? this.#seen;
    }
  }

  #isOwnCursor(event: FleetEvent): boolean {
    return event.type === 'cursor_moved' && event.consumer === this.#options.name;
  }
}
