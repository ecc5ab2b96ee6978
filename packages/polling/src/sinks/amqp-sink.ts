/**
 * The default destination, as upstream: signed meter messages in a `telemetry.polling` notification
 * through the oslo.messaging-compatible AMQP notifier. `publish` only enqueues: the notifier's
 * bounded outbox holds batches while the broker is down and flushes them in order, so polling never
 * waits for the broker.
 */
import { TELEMETRY_POLLING_EVENT_TYPE, toMeterMessage, type Logger, type Sample } from '@ceilometer-ts/sdk';
import type { AmqpNotifier, NotificationDroppedError } from '@ceilometer-ts/messaging';
import type { SampleSink } from '../sink.js';

/**
 * What the sink uses of the notifier (a fake in tests). Its close() logs what it flushed and what
 * it dropped, with counts, and retries an absent broker often while it waits.
 */
export type SampleNotifier = Pick<AmqpNotifier, 'sample' | 'stats'> & {
  close(options?: { timeoutMs?: number }): Promise<{ readonly flushed: boolean; readonly dropped: number }>;
};

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
      this.#failed += 1;
      // a drop (overflow, retries exhausted, closed) is already counted and logged by the notifier,
      // at most once per second or in its closing line: one line per lost batch would flood the log
      if (isDropped(error)) {
        this.logger.debug({ reason: error.reason, samples: samples.length, lostBatches: this.#failed }, 'batch of samples dropped');
        return;
      }
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

  /** Flushes within `timeoutMs` (default the stop timeout); the notifier logs what was flushed and dropped. */
  async close(timeoutMs = this.closeTimeoutMs): Promise<void> {
    await this.notifier.close({ timeoutMs });
    await Promise.allSettled([...this.#pending]);
  }
}

/**
 * The messaging package's drop, by its stable code: a type-only import keeps amqplib out of a
 * polling agent that sends nothing over AMQP (a compute agent printing or using the pipeline).
 */
function isDropped(error: unknown): error is NotificationDroppedError {
  return error instanceof Error && (error as { code?: unknown }).code === 'CEILO_ERR_MESSAGING_DROPPED';
}
