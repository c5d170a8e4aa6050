import type { FleetDB } from '@fleettools/db';
import {
  createEvent,
  type CreateEventFields,
  type EventOf,
  type EventStore,
  type FleetEventType,
} from '@fleettools/events';

/** An event's own fields without the project key, which the pilot's project supplies. */
export type PilotFields<T extends FleetEventType> = Omit<CreateEventFields<T>, 'project_key'>;

/** What every verb of a pilot works with: who acts, in which project, and how it writes. */
export class PilotScope {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly db: FleetDB,
    readonly store: EventStore,
    readonly projectKey: string,
    readonly callsign: string,
  ) {}

  /** Appends one event of this project and returns it stored (with its sequence). */
  async emit<T extends FleetEventType>(type: T, fields: PilotFields<T>): Promise<EventOf<T>> {
    // The spread adds exactly the omitted key back, so the fields are CreateEventFields<T>.
    const event = createEvent(type, { ...fields, project_key: this.projectKey } as CreateEventFields<T>);
    const stored = await this.store.append(event, this.projectKey);
    // The store returns the event it was given, with its sequence: the same type.
    return stored as EventOf<T>;
  }

  /**
   * Runs `tick` every `ms` (never two at once, failures passed to `onError`) until the returned function or
   * {@link stopAll} stops it. The timer does not keep the process alive.
   */
  every(ms: number, tick: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      tick()
        .catch(onError)
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    this.#timers.add(timer);
    return () => {
      clearInterval(timer);
      this.#timers.delete(timer);
    };
  }

  /** Stops every timer this pilot runs (heartbeat, renewals). */
  stopAll(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.clear();
  }
}
