import type { FleetDB } from '@fleettools/db';
import type { Client } from '@libsql/client';

/**
 * Serialises this process's writes to one database. SQLite admits one writer at a time; across processes its
 * lock and the busy timeout order writers, but inside one process a write that waited on SQLite's lock
 * while another of our own writes held it would block the only thread and deadlock. One queue per client,
 * shared by every `EventStore` made from it.
 */
export class WriteQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every write queued before it; its result or error is the caller's. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

const queues = new WeakMap<Client, WriteQueue>();

/** The write queue of a client, created on first use. */
export function writeQueueOf(client: Client): WriteQueue {
  let queue = queues.get(client);
  if (queue === undefined) {
    queue = new WriteQueue();
    queues.set(client, queue);
  }
  return queue;
}

/**
 * Runs a read of `db` in turn with this process's store operations on it, so it never meets the connection
 * held by an append's or a replay's interactive transaction.
 */
export function inTurn<T>(db: FleetDB, read: () => PromiseLike<T>): Promise<T> {
  return writeQueueOf(db.$client).run(async () => read());
}
