/**
 * A bounded cache of prepared statements, by SQL text: each distinct text is prepared once (the store's are
 * a few dozen; Drizzle's, one per query shape). Past `capacity` entries, the oldest is dropped (it is
 * finalized when collected).
 */
export class StatementCache<T> {
  readonly #entries = new Map<string, T>();
  readonly #capacity: number;

  /** A cache of at most `capacity` statements. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The entry of `sql`, made by `prepare` the first time. */
  get(sql: string, prepare: (sql: string) => T): T {
    let entry = this.#entries.get(sql);
    if (entry === undefined) {
      entry = prepare(sql);
      if (this.#entries.size >= this.#capacity) {
        const oldest = this.#entries.keys().next();
        if (oldest.done !== true) this.#entries.delete(oldest.value);
      }
      this.#entries.set(sql, entry);
    }
    return entry;
  }

  /** How many statements are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets the statement of `sql` (it failed: it is prepared again on its next use). */
  delete(sql: string): void {
    this.#entries.delete(sql);
  }

  /** Forgets every statement (the connection they belong to is closing). */
  clear(): void {
    this.#entries.clear();
  }
}
