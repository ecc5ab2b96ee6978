/**
 * A counting semaphore: bounds how many tasks run at once (the SNMP inspector's hosts, `[hardware] max_parallel_hosts`; the IPMI plugin's ipmitool processes, `[ipmi] max_parallel`).
 * Waiters are served in arrival order.
 */
export class Limiter {
  #active = 0;
  #peak = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Most tasks ever running at once (for tests and metrics). */
  get peak(): number {
    return this.#peak;
  }

  /** Runs `task` once a slot is free and releases the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    this.#peak = Math.max(this.#peak, this.#active);
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // the slot passes straight to the next waiter, so #active stays the same
      if (next) next();
      else this.#active--;
    }
  }
}
