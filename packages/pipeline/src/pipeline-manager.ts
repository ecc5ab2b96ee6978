/**
 * The sample pipeline manager (upstream's `SamplePipelineManager`): every (source, sink) pipeline
 * of pipeline.yaml, publishers shared per URL, one `publishSamples` entry point.
 */
import { silentLogger, type Logger, type Sample } from '@ceilometer-ts/sdk';
import type { PipelineConfig } from './config-types.js';
import { ManagerQueues, type DeliveryCloseSummary } from './delivery/manager-queues.js';
import type { DeliveryQueue, DeliveryStats } from './delivery/delivery-queue.js';
import { loadPipelineConfigFile } from './pipeline-config.js';
import { EMPTY_OUTCOME, mergeOutcomes, type PublishOutcome } from './publish-outcome.js';
import { PublisherPool } from './publisher-pool.js';
import { SamplePipeline, SampleSink } from './sample-pipeline.js';
import { createTransformerChains, resolveSinks, type PipelineDependencies } from './sink-resolver.js';
import { TransformerState } from './transformer-state.js';
import { validateVolume } from './volume.js';

/** Runs pipeline.yaml in-process. Create with `create()` or `fromFile()`, stop with `close()`. */
export class SamplePipelineManager {
  readonly #logger: Logger;
  readonly #delivery: ManagerQueues<Sample>;

  private constructor(
    readonly config: PipelineConfig,
    readonly pipelines: readonly SamplePipeline[],
    pool: PublisherPool,
    logger: Logger,
    private readonly transformerFactory: PipelineDependencies['transformerFactory'],
  ) {
    this.#logger = logger;
    this.#delivery = new ManagerQueues([...new Set(pipelines.map((p) => p.sink))].flatMap((sink) => sink.queues), pool, logger);
  }

  /**
   * Builds every pipeline of a validated sample config: creates transformers and publishers and
   * throws one ConfigError listing every one that could not be made. Logs the config's warnings.
   */
  static async create(config: PipelineConfig, deps: PipelineDependencies): Promise<SamplePipelineManager> {
    if (config.kind !== 'sample') throw new TypeError(`SamplePipelineManager needs a sample pipeline config, got ${config.kind}`);
    const logger = deps.logger ?? silentLogger;
    logWarnings(config, logger);
    const pool = new PublisherPool(deps.publisherFactory, logger);
    const resolved = await resolveSinks(config, pool, deps);
    const sinks = new Map([...resolved].map(([name, sink]) => [name, new SampleSink(sink, logger)]));
    const pipelines = config.pipelines.map((link) => new SamplePipeline(link.name, link.source, sinks.get(link.sink.name) as SampleSink));
    logger.info({ file: config.file, pipelines: pipelines.map((p) => p.name) }, 'sample pipelines ready: %d', pipelines.length);
    return new SamplePipelineManager(config, pipelines, pool, logger, deps.transformerFactory);
  }

  /** Loads, validates and builds pipeline.yaml at `path` (`displayName` is used in issues). */
  static async fromFile(path: string, deps: PipelineDependencies, displayName?: string): Promise<SamplePipelineManager> {
    return SamplePipelineManager.create(await loadPipelineConfigFile(path, 'sample', displayName), deps);
  }

  /** Distinct publishers in use (one per exact URL). */
  get publisherCount(): number {
    return this.#delivery.publisherCount;
  }

  /**
   * Publishes a batch through every pipeline: samples without a valid volume are dropped with a
   * warning, each pipeline takes the meters its source selects. Never throws for a publisher
   * failure: failures are logged and returned.
   */
  async publishSamples(samples: readonly Sample[]): Promise<PublishOutcome> {
    if (samples.length === 0 || this.pipelines.length === 0) return EMPTY_OUTCOME;
    const valid: Sample[] = [];
    for (const sample of samples) {
      // Only samples some pipeline takes are checked and logged, as upstream's filter order does.
      if (!this.pipelines.some((p) => p.supports(sample.name))) continue;
      const checked = validateVolume(sample, this.#logger);
      if (checked) valid.push(checked);
    }
    if (valid.length === 0) return EMPTY_OUTCOME;
    return mergeOutcomes(await Promise.all(this.pipelines.map((p) => p.publishSamples(valid))));
  }

  /**
   * Fresh transformer instances for every sink (empty caches), to publish through with
   * {@link publishToPipeline}: a partition's state on a partitioned notification agent.
   */
  async createTransformerState(): Promise<TransformerState> {
    return new TransformerState(await createTransformerChains(this.config, this.transformerFactory));
  }

  /**
   * Publishes samples through the one pipeline named `name` (upstream's interim endpoint, which
   * publishes to a single pipeline), with the transformers of `state` when given. Volumes are checked
   * as in {@link publishSamples}; an unknown name publishes nothing.
   */
  async publishToPipeline(name: string, samples: readonly Sample[], state?: TransformerState): Promise<PublishOutcome> {
    const pipeline = this.pipelines.find((p) => p.name === name);
    if (!pipeline || samples.length === 0) return EMPTY_OUTCOME;
    const valid: Sample[] = [];
    for (const sample of samples) {
      if (!pipeline.supports(sample.name)) continue;
      const checked = validateVolume(sample, this.#logger);
      if (checked) valid.push(checked);
    }
    if (valid.length === 0) return EMPTY_OUTCOME;
    return pipeline.publishSamples(valid, state?.chain(pipeline.sink.name));
  }

  /** Stopping: full `hold` queues refuse instead of making callers wait (see DeliveryQueue.refuseWaiting). */
  refuseWaiting(): void {
    this.#delivery.refuseWaiting();
  }

  /** Every delivery queue's counters (one per sink and publisher). */
  deliveryStats(): DeliveryStats[] {
    return this.#delivery.stats();
  }

  /**
   * Flushes every delivery queue within `timeoutMs` (what is left is dropped, counted and logged),
   * then closes every publisher once; later calls return the same promise.
   */
  close(timeoutMs?: number): Promise<DeliveryCloseSummary> {
    return this.#delivery.close(timeoutMs);
  }
}

/** Logs a config's warnings once, at build time. */
export function logWarnings(config: PipelineConfig, logger: Logger): void {
  for (const w of config.warnings) {
    logger.warn({ file: w.file, line: w.line, path: w.path }, '%s:%s: %s: %s', w.file, w.line ?? '?', w.path, w.message);
  }
}
