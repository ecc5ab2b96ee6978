/**
 * Embedded mode: samples go straight through pipeline.yaml's sources, sinks and publishers inside
 * the polling agent, with no broker. The pipeline manager is passed in (structurally typed), so this
 * package does not depend on @ceilometer-ts/pipeline.
 *
 * `publish` hands a batch to the pipeline and returns without waiting for the publishers: the
 * pipeline calls every publisher synchronously (so batches stay in order and transformers see them
 * in order), but a publisher that waits for an absent or refusing peer (`notifier://` with its
 * default policy and a broker that refuses the credentials, an HTTP collector being retried) must
 * not hold the polling cycles back, and with them every healthy publisher beside it. The same
 * reason makes `AmqpSampleSink` only enqueue.
 */
import type { Logger, Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';

/** What the sink needs of `SamplePipelineManager`. */
export interface EmbeddedPipeline {
  publishSamples(samples: readonly Sample[]): Promise<{ readonly failures: readonly { readonly publisher: string; readonly error: unknown }[] }>;
  close(): Promise<void>;
}

/** Options of {@link PipelineSink}. */
export interface PipelineSinkOptions {
  /**
   * Most batches whose publishers have not all finished; beyond it `publish` waits for the oldest,
   * so a publisher that never settles costs bounded memory. Publishers have their own bounds
   * (timeouts, the notifier's `max_queue_length`), so this is only a safety net.
   */
  readonly maxPending?: number;
}

/** Default {@link PipelineSinkOptions.maxPending}. */
export const DEFAULT_PIPELINE_MAX_PENDING = 1024;

export class PipelineSink implements SampleSink {
  readonly #pending = new Set<Promise<void>>();
  readonly #maxPending: number;

  constructor(
    private readonly pipeline: EmbeddedPipeline,
    private readonly logger: Logger,
    options: PipelineSinkOptions = {},
  ) {
    this.#maxPending = Math.max(1, options.maxPending ?? DEFAULT_PIPELINE_MAX_PENDING);
  }

  async publish(samples: readonly Sample[]): Promise<void> {
    while (this.#pending.size >= this.#maxPending) {
      // Set iteration order is insertion order: the oldest unfinished batch
      const oldest = this.#pending.values().next().value;
      if (oldest) await oldest;
    }
    const done = this.#publish(samples);
    this.#pending.add(done);
    // `done` never rejects (#publish catches); both handlers only forget it
    const forget = (): void => {
      this.#pending.delete(done);
    };
    done.then(forget, forget);
  }

  /** Batches handed to the pipeline whose publishers have not all finished. */
  queueDepth(): number {
    return this.#pending.size;
  }

  /**
   * Closes the publishers first: by their close contract they flush what they accepted or give it
   * up (the notifier rejects what the broker never confirmed), which settles the unfinished
   * batches; waiting for those first would wait forever on a publisher whose peer never answers.
   * The agent bounds the whole by `stop_timeout`.
   */
  async close(): Promise<void> {
    await this.pipeline.close();
    await Promise.all([...this.#pending]);
  }

  async #publish(samples: readonly Sample[]): Promise<void> {
    try {
      const outcome = await this.pipeline.publishSamples(samples);
      for (const failure of outcome.failures) {
        this.logger.warn({ publisher: failure.publisher, err: failure.error }, 'embedded pipeline publisher failed');
      }
    } catch (err) {
      // the pipeline reports publisher failures in the outcome; anything thrown is unexpected
      this.logger.error({ err, samples: samples.length }, 'embedded pipeline failed to publish a batch');
    }
  }
}
