/**
 * The default destination, as upstream: signed meter messages in a `telemetry.polling` notification
 * through the oslo.messaging-compatible AMQP notifier. `publish` only enqueues: the notifier's
 * bounded outbox holds batches while the broker is down and flushes them in order, so polling never
 * waits for the broker.
 */
import { TELEMETRY_POLLING_EVENT_TYPE, toMeterMessage, type Logger, type Sample } from '@ceilometer-ts/sdk';
import type { AmqpNotifier } from '@ceilometer-ts/messaging';
import type { SampleSink } from '../sink.js';

/** What the sink uses of the notifier (a fake in tests). */
export type SampleNotifier = Pick<AmqpNotifier, 'sample' | 'stats' | 'close'>;

export class AmqpSampleSink implements SampleSink {
  #failed = 0;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly notifier: SampleNotifier,
    private readonly telemetrySecret: string,
    private readonly logger: Logger,
    private readonly closeTimeoutMs = 10_000,
  ) {}

  async publish(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return;
    const payload = { samples: samples.map((s) => toMeterMessage(s, this.telemetrySecret)) };
    const sent = this.notifier.sample(TELEMETRY_POLLING_EVENT_TYPE, payload).catch((error: unknown) => {
      // The outbox already logged why (overflow, retries exhausted, closed); count the lost batch.
      this.#failed += 1;
      this.logger.error({ err: error, samples: samples.length, lostBatches: this.#failed }, 'batch of samples not delivered to the broker');
    });
    this.#pending.add(sent);
    // forgotten once settled; a rejection handler too, so no derived promise can be left unhandled
    const forget = (): void => void this.#pending.delete(sent);
    sent.then(forget, forget);
  }

  /** Batches lost for good since start (dropped by the outage policy). */
  get failedBatches(): number {
    return this.#failed;
  }

  queueDepth(): number {
    const stats = this.notifier.stats();
    return stats.queued + stats.inFlight;
  }

  async close(): Promise<void> {
    const { flushed, dropped } = await this.notifier.close({ timeoutMs: this.closeTimeoutMs });
    await Promise.allSettled([...this.#pending]);
    if (!flushed) this.logger.warn({ dropped }, 'stopped before every queued batch was confirmed by the broker');
  }
}
