import type { Fleet } from '../fleet.js';
import { changedBy } from './resources.js';

/** How often the watcher looks for new events, in ms (well under the 250 ms a notification may take). */
export const WATCH_INTERVAL_MS = 25;

/**
 * Watches the project's log for events written by any process and tells `notify` each subscribed resource
 * URI they change, once per batch. Runs while there are subscriptions; its timer never keeps the process alive.
 */
export class SubscriptionWatcher {
  readonly #subscribed = new Set<string>();
  #seen = -1;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  constructor(
    private readonly fleet: Fleet,
    private readonly callsign: () => string | undefined,
    private readonly notify: (uri: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts telling about `uri`. */
  async subscribe(uri: string): Promise<void> {
    this.#subscribed.add(uri);
    if (this.#timer !== undefined) return;
    this.#seen = await this.fleet.store.getLatestSequence(this.fleet.projectKey);
    this.#timer = setInterval(() => {
      if (this.#busy) return;
      this.#busy = true;
      this.#tick()
        .catch(this.onError)
        .finally(() => {
          this.#busy = false;
        });
    }, WATCH_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Stops telling about `uri` (and watching, after the last one). */
  unsubscribe(uri: string): void {
    this.#subscribed.delete(uri);
    if (this.#subscribed.size === 0) this.stop();
  }

  /** Stops watching. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    const { store, projectKey } = this.fleet;
    const events = await store.query({ project_key: projectKey, after_sequence: this.#seen, limit: 1000 });
    const last = events.at(-1);
    if (last?.sequence === undefined) return;
    this.#seen = last.sequence;
    const callsign = this.callsign();
    const changed = new Set(events.flatMap((event) => changedBy(event, callsign)));
    for (const uri of changed) if (this.#subscribed.has(uri)) await this.notify(uri);
  }
}
