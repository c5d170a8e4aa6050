/**
 * One connection's queue of operations: each runs after every one queued before it. A transaction awaits
 * between its statements (the coordination rules read through promises), and every other operation of the
 * process on the same connection would otherwise run inside it.
 */
export class Turn {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after everything queued before it; its result or error is the caller's. */
  run<T>(work: () => T | PromiseLike<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Settles once everything queued so far has settled. */
  async drained(): Promise<void> {
    await this.#tail;
  }
}
