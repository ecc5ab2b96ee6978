/**
 * Where the polling agent hands its batches: the AMQP notifier, the embedded pipeline, stdout.
 */
import type { Sample } from '@ceilometer-ts/sdk';
import type { DeliveryStatsLike } from './delivery-stats.js';

/** Receives batches of polled samples. */
export interface SampleSink {
  /** Sends one batch (one notification upstream); resolves when accepted (confirmed or queued). */
  publish(samples: readonly Sample[]): Promise<void>;
  /** Flushes what was accepted (within `timeoutMs` when given: what is left of the stop timeout) and releases resources. */
  close(timeoutMs?: number): Promise<void>;
  /** Batches waiting to be sent (the outage queue), for metrics. */
  queueDepth?(): number;
  /** Per-publisher delivery queues (embedded pipeline), for metrics. */
  deliveryStats?(): readonly DeliveryStatsLike[];
}
