/**
 * One polling cycle as a pollster sees it: the shared cache (one inspector call serves every meter
 * that needs it), the cycle's timestamp and the source being polled.
 */

/** Values shared by the pollsters of one cycle, by key (upstream's `cache` argument). */
export interface CycleCache {
  /** The value stored under `key` this cycle, or undefined. */
  get<T>(key: string): T | undefined;
  /** Stores `value` under `key` for the rest of the cycle. */
  set<T>(key: string, value: T): void;
  /** Loads once per cycle per key, even when several pollsters ask at the same time. */
  getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** One polling cycle, as `getSamples` and `discover` receive it. */
export interface PollCycle {
  /** Shared by every pollster of the cycle (upstream's `cache` argument to get_samples). */
  readonly cache: CycleCache;
  /** The cycle's timestamp (UTC ISO) that every sample of the cycle gets, as upstream. */
  readonly timestamp: string;
  /** Name of the polling.yaml source being polled. */
  readonly sourceName: string;
  /** Aborted when the agent stops; long pollsters should give up. */
  readonly signal: AbortSignal;
  /**
   * Reports a resource that failed this cycle while the pollster went on with the others (a dead
   * host among many). The pollster's outcome becomes `partial`: counted in the agent's metrics,
   * and `ceilometer-polling --poll-once` exits non-zero. Optional for hosts of older agents.
   */
  reportResourceFailure?(resource: unknown, error: unknown): void;
}

/** A Map-backed CycleCache with in-flight de-duplication. */
export class MapCycleCache implements CycleCache {
  readonly #values = new Map<string, unknown>();
  readonly #pending = new Map<string, Promise<unknown>>();
  /** The value stored under `key`, or undefined. */
  get<T>(key: string): T | undefined {
    return this.#values.get(key) as T | undefined;
  }
  /** Stores `value` under `key`. */
  set<T>(key: string, value: T): void {
    this.#values.set(key, value);
  }
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.#values.has(key)) return this.#values.get(key) as T;
    let pending = this.#pending.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load().then(
        (value) => {
          this.#values.set(key, value);
          this.#pending.delete(key);
          return value;
        },
        (err: unknown) => {
          this.#pending.delete(key);
          throw err;
        },
      );
      this.#pending.set(key, pending);
    }
    return pending;
  }
}
