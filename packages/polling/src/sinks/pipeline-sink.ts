/**
 * Embedded mode: samples go straight through pipeline.yaml's sources, sinks and publishers inside
 * the polling agent, with no broker. The pipeline manager is passed in (structurally typed), so this
 * package does not depend on @ceilometer-ts/pipeline.
 *
 * `publish()` never waits on a publisher: the batch is handed to the pipeline (whose per-publisher
 * delivery queues hold it while a publisher fails or hangs) and the cycle goes on. At most
 * `maxPendingBatches` hand-overs may be outstanding (only a `hold` queue that is full keeps one
 * waiting); beyond that a batch is dropped and counted, so memory stays bounded.
 */
import type { Logger, Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';
import type { DeliveryStatsLike } from '../delivery-stats.js';

/** What the sink needs of `SamplePipelineManager`. */
export interface EmbeddedPipeline {
  publishSamples(samples: readonly Sample[]): Promise<{ readonly failures: readonly { readonly publisher: string; readonly error: unknown }[] }>;
  close(timeoutMs?: number): Promise<unknown>;
  deliveryStats?(): readonly DeliveryStatsLike[];
}

/** Options of {@link PipelineSink}. */
export interface PipelineSinkOptions {
  /** Flush time of `close()` (the agent's stop timeout). */
  readonly closeTimeoutMs?: number;
  readonly maxPendingBatches?: number;
}

export class PipelineSink implements SampleSink {
  readonly #pending = new Set<Promise<void>>();
  readonly #closeTimeoutMs: number;
  readonly #maxPending: number;
  #dropped = 0;

  constructor(
    private readonly pipeline: EmbeddedPipeline,
    private readonly logger: Logger,
    options: PipelineSinkOptions = {},
  ) {
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
    this.#maxPending = options.maxPendingBatches ?? 1000;
  }

  publish(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return Promise.resolve();
    if (this.#pending.size >= this.#maxPending) {
      this.#dropped += samples.length;
      if (this.#dropped === samples.length || this.#dropped % 10_000 < samples.length) {
        this.logger.warn({ dropped: this.#dropped, pending: this.#pending.size }, 'embedded pipeline is not accepting batches (full hold queue): %d samples dropped so far', this.#dropped);
      }
      return Promise.resolve();
    }
    const handed = this.pipeline.publishSamples(samples).then(
      (outcome) => {
        for (const failure of outcome.failures) {
          this.logger.warn({ publisher: failure.publisher, err: failure.error }, 'embedded pipeline publisher did not accept a batch');
        }
      },
      (err: unknown) => this.logger.error({ err }, 'embedded pipeline failed to publish a batch'),
    );
    this.#pending.add(handed);
    // `handed` never rejects (both outcomes are handled above); both handlers only forget it
    const forget = (): void => {
      this.#pending.delete(handed);
    };
    handed.then(forget, forget);
    return Promise.resolve();
  }

  /** Samples dropped because the pipeline kept too many batches waiting. */
  get droppedSamples(): number {
    return this.#dropped;
  }

  queueDepth(): number {
    return (this.pipeline.deliveryStats?.() ?? []).reduce((n, s) => n + s.queuedBatches, 0) + this.#pending.size;
  }

  deliveryStats(): readonly DeliveryStatsLike[] {
    return this.pipeline.deliveryStats?.() ?? [];
  }

  async close(): Promise<void> {
    // The queues refuse what still waits for room once they close; those hand-overs then settle.
    await this.pipeline.close(this.#closeTimeoutMs);
    await Promise.allSettled([...this.#pending]);
  }
}
