/**
 * A sink sending every batch to several sinks (AMQP and the embedded pipeline, say).
 */
import type { Sample } from '@ceilometer-ts/sdk';
import type { DeliveryStatsLike } from '../delivery-stats.js';
import type { SampleSink } from '../sink.js';

/** Publishes to all sinks; rejects with the first failure after every sink was tried. */
export class FanoutSink implements SampleSink {
  constructor(private readonly sinks: readonly SampleSink[]) {}

  async publish(samples: readonly Sample[]): Promise<void> {
    await settleAll(this.sinks.map((s) => s.publish(samples)));
  }

  async close(timeoutMs?: number): Promise<void> {
    await settleAll(this.sinks.map((s) => s.close(timeoutMs)));
  }

  queueDepth(): number {
    return this.sinks.reduce((n, s) => n + (s.queueDepth?.() ?? 0), 0);
  }

  deliveryStats(): readonly DeliveryStatsLike[] {
    return this.sinks.flatMap((s) => s.deliveryStats?.() ?? []);
  }
}

async function settleAll(promises: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
