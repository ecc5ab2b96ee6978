/**
 * The sample ids a partition saw last, to drop a sample delivered twice: after an agent dies
 * between sending a batch to the partition queues and acknowledging its notifications, the
 * notifications are redelivered and routed again. A transformer fed the same sample twice would
 * publish a wrong value (rate_of_change: a zero interval gives a rate of 0).
 */

/** A bounded set of ids, the oldest forgotten first. */
export class RecentIds {
  readonly #capacity: number;
  readonly #ids = new Set<string>();

  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Remembers `id` (once its sample went through: a requeued sample must not count as seen). */
  add(id: string): void {
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      // a Set iterates in insertion order: the first is the oldest
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }
}
