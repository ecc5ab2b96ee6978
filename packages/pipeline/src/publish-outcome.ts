/**
 * What one publish call did: the notification agent acknowledges a message once every publisher
 * published its part or accepted it into its own delivery queue; a failure here means a queue
 * refused the batch (it was closing while full under the `hold` policy), so it is reported.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import type { DeliveryQueue } from './delivery/delivery-queue.js';

/** One publisher that refused a batch for one pipeline. */
export interface PublishFailure {
  readonly pipeline: string;
  /** The publisher URL with credentials redacted. */
  readonly publisher: string;
  readonly error: unknown;
}

/** Result of a publish call over one or several pipelines. */
export interface PublishOutcome {
  /** Items handed to publishers, counted once per pipeline (not per publisher). */
  readonly published: number;
  readonly failures: readonly PublishFailure[];
}

/** An outcome with nothing published and nothing failed. */
export const EMPTY_OUTCOME: PublishOutcome = Object.freeze({ published: 0, failures: Object.freeze([]) });

/** Adds outcomes together. */
export function mergeOutcomes(outcomes: readonly PublishOutcome[]): PublishOutcome {
  if (outcomes.length === 1) return outcomes[0] as PublishOutcome;
  let published = 0;
  const failures: PublishFailure[] = [];
  for (const o of outcomes) {
    published += o.published;
    failures.push(...o.failures);
  }
  return { published, failures };
}

/**
 * Hands `items` to every publisher's delivery queue at once. A publisher that fails only delays
 * its own queue; a queue that refuses the batch is logged (URL redacted) and reported.
 */
export async function publishToAll<T>(
  pipeline: string,
  queues: readonly DeliveryQueue<T>[],
  items: readonly T[],
  logger: Logger,
): Promise<PublishOutcome> {
  if (items.length === 0) return EMPTY_OUTCOME;
  if (queues.length === 1) {
    // The common case (one publisher per sink) without allSettled's allocations.
    const queue = queues[0] as DeliveryQueue<T>;
    try {
      await queue.submit(items);
      return { published: items.length, failures: [] };
    } catch (error) {
      return { published: items.length, failures: [refused(pipeline, queue, error, logger)] };
    }
  }
  const results = await Promise.allSettled(queues.map((q) => q.submit(items)));
  const failures: PublishFailure[] = [];
  results.forEach((result, i) => {
    if (result.status === 'rejected') failures.push(refused(pipeline, queues[i] as DeliveryQueue<T>, result.reason, logger));
  });
  return { published: items.length, failures };
}

function refused<T>(pipeline: string, queue: DeliveryQueue<T>, error: unknown, logger: Logger): PublishFailure {
  const publisher = queue.publisher;
  logger.warn(
    { pipeline, publisher, err: error instanceof Error ? error.message : String(error) },
    'Pipeline %s: publisher %s did not accept the batch',
    pipeline,
    publisher,
  );
  return { pipeline, publisher, error };
}
