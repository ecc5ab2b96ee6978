/**
 * Embedded mode: samples go straight through pipeline.yaml's sources, sinks and publishers inside
 * the polling agent, with no broker. The pipeline manager is passed in (structurally typed), so this
 * package does not depend on @ceilometer-ts/pipeline.
 */
import type { Logger, Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';

/** What the sink needs of `SamplePipelineManager`. */
export interface EmbeddedPipeline {
  publishSamples(samples: readonly Sample[]): Promise<{ readonly failures: readonly { readonly publisher: string; readonly error: unknown }[] }>;
  close(): Promise<void>;
}

export class PipelineSink implements SampleSink {
  constructor(
    private readonly pipeline: EmbeddedPipeline,
    private readonly logger: Logger,
  ) {}

  async publish(samples: readonly Sample[]): Promise<void> {
    const outcome = await this.pipeline.publishSamples(samples);
    for (const failure of outcome.failures) {
      this.logger.warn({ publisher: failure.publisher, err: failure.error }, 'embedded pipeline publisher failed');
    }
  }

  async close(): Promise<void> {
    await this.pipeline.close();
  }
}
