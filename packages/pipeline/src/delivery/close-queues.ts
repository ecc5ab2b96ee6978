/**
 * Closing a pipeline manager: every delivery queue flushes within the time given (what is left is
 * dropped and counted), then the shared publishers close. The publishers' own `close()` is raced
 * against what is left of the time, so a hung publisher cannot keep the process alive.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { PublisherPool } from '../publisher-pool.js';
import type { DeliveryQueue } from './delivery-queue.js';

/** Default flush time of `close()` when the caller gives none. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/** Totals over every queue of a manager. */
export interface DeliveryCloseSummary {
  readonly flushed: number;
  readonly dropped: number;
}

export async function closeQueues<T>(queues: readonly DeliveryQueue<T>[], pool: PublisherPool, timeoutMs: number, logger: Logger): Promise<DeliveryCloseSummary> {
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
