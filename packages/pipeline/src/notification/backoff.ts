/**
 * Delay before requeueing after a failed publish: exponential, capped, reset by a success, so a
 * publisher that keeps failing slows the agent down instead of making it spin on redeliveries.
 */

/** Backoff parameters (milliseconds). */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
}

/** 1 s doubling up to 30 s. */
export const DEFAULT_REQUEUE_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, multiplier: 2 };

/** Counts consecutive failures and says how long to wait before handing messages back. */
export class RequeueBackoff {
  readonly #policy: BackoffPolicy;
  #failures = 0;

  constructor(policy: BackoffPolicy = DEFAULT_REQUEUE_BACKOFF) {
    this.#policy = policy;
  }

  /** Consecutive failed batches. */
  get failures(): number {
    return this.#failures;
  }

  /** Records a failure; returns the delay to wait before requeueing. */
  fail(): number {
    this.#failures += 1;
    const delay = this.#policy.initialMs * this.#policy.multiplier ** (this.#failures - 1);
    return Math.min(this.#policy.maxMs, delay);
  }

  /** Records a success. */
  succeed(): void {
    this.#failures = 0;
  }
}
