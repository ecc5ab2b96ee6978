/**
 * One sample pipeline: a (source, sink) pair. The source picks samples by meter name, the sink
 * runs its transformer chain, flushes it, then hands the result to every publisher
 * (upstream's `SamplePipeline` and rocky's `SampleSink`).
 */
import type { Logger, Sample, Transformer } from '@ceilometer-ts/sdk';
import type { SourceConfig } from './config-types.js';
import { DeliveryQueue } from './delivery/delivery-queue.js';
import { NamePatterns } from './name-patterns.js';
import { EMPTY_OUTCOME, publishToAll, type PublishOutcome } from './publish-outcome.js';
import type { ResolvedSink } from './sink-resolver.js';

/** A running sample sink. Shared by every source that names it, so transformer state is per sink. */
export class SampleSink {
  readonly name: string;
  readonly #sink: ResolvedSink;
  readonly #logger: Logger;
  /** One delivery queue per publisher of this sink. */
  readonly queues: readonly DeliveryQueue<Sample>[];

  constructor(sink: ResolvedSink, logger: Logger) {
    this.name = sink.config.name;
    this.#sink = sink;
    this.#logger = logger;
    this.queues = sink.publishers.map(
      (p) =>
        new DeliveryQueue<Sample>({
          publisher: p.redactedUrl,
          sink: sink.config.name,
          settings: p.delivery,
          send: (items) => p.publisher.publishSamples(items),
          logger,
          itemName: 'samples',
        rawUrl: p.url,
        }),
    );
  }

  /** The publishers this sink feeds. */
  get publishers(): ResolvedSink['publishers'] {
    return this.#sink.publishers;
  }

  /** The transformer chain this sink was built with (its state is shared by every caller without its own). */
  get transformers(): readonly Transformer[] {
    return this.#sink.transformers;
  }

  /**
   * Transforms `samples`, flushes every transformer (its output enters the chain after it, as
   * rocky did), then publishes the lot in one call per publisher. `chain` replaces the sink's own
   * transformers (same configuration, other state: a partition's, see `TransformerState`).
   */
  publishSamples(pipeline: string, samples: readonly Sample[], chain: readonly Transformer[] = this.#sink.transformers): Promise<PublishOutcome> {
    const transformers = chain;
    let out: readonly Sample[] = samples;
    if (transformers.length > 0) {
      const collected: Sample[] = [];
      this.#transform(pipeline, chain, 0, samples, collected);
      transformers.forEach((transformer, i) => {
        let flushed: readonly Sample[];
        try {
          flushed = transformer.flush();
        } catch (err) {
          this.#logger.error({ err, pipeline }, 'Pipeline %s: error flushing transformer %s', pipeline, describe(transformer));
          return;
        }
        this.#transform(pipeline, chain, i + 1, flushed, collected);
      });
      out = collected;
    }
    if (out.length === 0) return Promise.resolve(EMPTY_OUTCOME);
    return publishToAll(pipeline, this.queues, out, this.#logger);
  }

  #transform(pipeline: string, chain: readonly Transformer[], start: number, samples: readonly Sample[], into: Sample[]): void {
    next: for (const input of samples) {
      let sample: Sample | null = input;
      for (let i = start; i < chain.length; i++) {
        const transformer = chain[i] as Transformer;
        try {
          sample = transformer.handleSample(sample);
        } catch (err) {
          this.#logger.error(
            { err, pipeline, meter: input.name, resource_id: input.resource_id },
            'Pipeline %s: exit after error from transformer %s for %s',
            pipeline,
            describe(transformer),
            input.name,
          );
          continue next;
        }
        if (!sample) continue next; // dropped or held back by the transformer
      }
      into.push(sample);
    }
  }
}

/** A (source, sink) pair; `name` is upstream's (`source` when both names match, else `source:sink`). */
export class SamplePipeline {
  readonly #patterns: NamePatterns;

  constructor(
    readonly name: string,
    readonly source: SourceConfig,
    readonly sink: SampleSink,
  ) {
    this.#patterns = new NamePatterns(source.patterns);
  }

  /** Whether the source takes this meter (upstream's `support_meter`). */
  supports(meterName: string): boolean {
    return this.#patterns.matches(meterName);
  }

  /**
   * Publishes the samples this source takes; volumes must already be valid. `chain`: the sink's
   * transformers with another state (a partition's); default the sink's own.
   */
  publishSamples(samples: readonly Sample[], chain?: readonly Transformer[]): Promise<PublishOutcome> {
    const taken = samples.filter((s) => this.supports(s.name));
    if (taken.length === 0) return Promise.resolve(EMPTY_OUTCOME);
    return this.sink.publishSamples(this.name, taken, chain);
  }
}

function describe(transformer: Transformer): string {
  return transformer.constructor?.name ?? 'transformer';
}
