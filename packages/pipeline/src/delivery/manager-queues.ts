/**
 * The delivery queues and publishers of one pipeline manager (sample or event): what both managers
 * do with them while stopping. Closing flushes every queue within the time given (what is left is
 * dropped and counted), then the shared publishers close; their own `close()` is raced against what
 * is left of the time, so a hung publisher cannot keep the process alive.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { PublisherPool } from '../publisher-pool.js';
import type { DeliveryQueue, DeliveryStats } from './delivery-queue.js';

/** Default flush time of `close()` when the caller gives none. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/** Totals over every queue of a manager. */
export interface DeliveryCloseSummary {
  readonly flushed: number;
  readonly dropped: number;
}

async function closeQueues<T>(queues: readonly DeliveryQueue<T>[], pool: PublisherPool, timeoutMs: number, logger: Logger): Promise<DeliveryCloseSummary> {
  const started = Date.now();
  const results = await Promise.all(queues.map((q) => q.close(timeoutMs)));
  const summary = results.reduce((a, r) => ({ flushed: a.flushed + r.flushed, dropped: a.dropped + r.dropped }), { flushed: 0, dropped: 0 });
  const left = Math.max(1000, timeoutMs - (Date.now() - started));
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    pool.close().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), left);
    }),
  ]);
  clearTimeout(timer);
  if (!closed) logger.warn({ timeout_ms: left }, 'publishers did not close within %d ms; going on without them', left);
  return summary;
}

/** A manager's queues (one per sink and publisher) and the pool of publishers behind them. */
export class ManagerQueues<T> {
  #closing: Promise<DeliveryCloseSummary> | undefined;

  constructor(
    readonly queues: readonly DeliveryQueue<T>[],
    private readonly pool: PublisherPool,
    private readonly logger: Logger,
  ) {}

  /** Distinct publishers in use (one per exact URL). */
  get publisherCount(): number {
    return this.pool.size;
  }

  /** Stopping: full `hold` queues refuse instead of making callers wait (see DeliveryQueue.refuseWaiting). */
  refuseWaiting(): void {
    for (const q of this.queues) q.refuseWaiting();
  }

  /** Every queue's counters. */
  stats(): DeliveryStats[] {
    return this.queues.map((q) => q.stats());
  }

  /** Flushes and closes once; later calls return the same promise. */
  close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<DeliveryCloseSummary> {
    this.#closing ??= closeQueues(this.queues, this.pool, timeoutMs, this.logger);
    return this.#closing;
  }
}
