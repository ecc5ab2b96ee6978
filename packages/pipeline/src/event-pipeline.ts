/**
 * The event pipeline (upstream's `EventPipeline`, `EventSink`, `EventPipelineManager`): sources
 * select events by event_type patterns, sinks hand them to every publisher. Event sinks run no
 * transformers.
 */
import { silentLogger, type Event, type Logger } from '@ceilometer-ts/sdk';
import type { PipelineConfig, SourceConfig } from './config-types.js';
import { ManagerQueues, type DeliveryCloseSummary } from './delivery/manager-queues.js';
import { DeliveryQueue, type DeliveryStats } from './delivery/delivery-queue.js';
import { NamePatterns } from './name-patterns.js';
import { loadPipelineConfigFile } from './pipeline-config.js';
import { logWarnings } from './pipeline-manager.js';
import { EMPTY_OUTCOME, mergeOutcomes, publishToAll, type PublishOutcome } from './publish-outcome.js';
import { PublisherPool } from './publisher-pool.js';
import { resolveSinks, type PipelineDependencies, type ResolvedSink } from './sink-resolver.js';

/** A (source, sink) pair of event_pipeline.yaml; `name` is `event:source:sink` as upstream. */
export class EventPipeline {
  readonly #patterns: NamePatterns;

  constructor(
    readonly name: string,
    readonly source: SourceConfig,
    readonly sink: ResolvedSink,
    readonly logger: Logger,
    /** The sink's delivery queues (shared by every pipeline of the sink). */
    readonly queues: readonly DeliveryQueue<Event>[] = eventQueues(sink, logger),
  ) {
    this.#patterns = new NamePatterns(source.patterns);
  }

  /** Whether the source takes this event type (upstream's `support_event`). */
  supports(eventType: string): boolean {
    return this.#patterns.matches(eventType);
  }

  /** Publishes the events this source takes to every publisher of the sink. */
  publishEvents(events: readonly Event[]): Promise<PublishOutcome> {
    const taken = events.filter((e) => this.supports(e.event_type));
    return publishToAll(this.name, this.queues, taken, this.logger);
  }
}

/** One delivery queue per publisher of an event sink. */
export function eventQueues(sink: ResolvedSink, logger: Logger): DeliveryQueue<Event>[] {
  return sink.publishers.map(
    (p) =>
      new DeliveryQueue<Event>({
        publisher: p.redactedUrl,
        sink: sink.config.name,
        settings: p.delivery,
        // resolveSinks only admits publishers with publishEvents into event sinks.
        send: (items) => (p.publisher.publishEvents as (events: readonly Event[]) => Promise<void>).call(p.publisher, items),
        logger,
        itemName: 'events',
        rawUrl: p.url,
      }),
  );
}

/**
 * Runs event_pipeline.yaml in-process. Unlike upstream, a failing publisher never raises: the
 * outcome lists failures and the caller decides (requeue unless `[notification] ack_on_event_error`).
 */
export class EventPipelineManager {
  readonly #logger: Logger;
  readonly #delivery: ManagerQueues<Event>;

  private constructor(
    readonly config: PipelineConfig,
    readonly pipelines: readonly EventPipeline[],
    pool: PublisherPool,
    logger: Logger,
  ) {
    this.#logger = logger;
    this.#delivery = new ManagerQueues([...new Set(pipelines.map((p) => p.queues))].flat(), pool, logger);
  }

  /** Builds every pipeline of a validated event config; throws one ConfigError for all problems. */
  static async create(config: PipelineConfig, deps: PipelineDependencies): Promise<EventPipelineManager> {
    if (config.kind !== 'event') throw new TypeError(`EventPipelineManager needs an event pipeline config, got ${config.kind}`);
    const logger = deps.logger ?? silentLogger;
    logWarnings(config, logger);
    const pool = new PublisherPool(deps.publisherFactory, logger);
    const sinks = await resolveSinks(config, pool, deps);
    const queues = new Map([...sinks].map(([name, sink]) => [name, eventQueues(sink, logger)]));
    const pipelines = config.pipelines.map(
      (link) => new EventPipeline(link.name, link.source, sinks.get(link.sink.name) as ResolvedSink, logger, queues.get(link.sink.name)),
    );
    logger.info({ file: config.file, pipelines: pipelines.map((p) => p.name) }, 'event pipelines ready: %d', pipelines.length);
    return new EventPipelineManager(config, pipelines, pool, logger);
  }

  /** Loads, validates and builds event_pipeline.yaml at `path`. */
  static async fromFile(path: string, deps: PipelineDependencies, displayName?: string): Promise<EventPipelineManager> {
    return EventPipelineManager.create(await loadPipelineConfigFile(path, 'event', displayName), deps);
  }

  /** Distinct publishers in use (one per exact URL). */
  get publisherCount(): number {
    return this.#delivery.publisherCount;
  }

  /** Publishes events through every pipeline; failures are logged and returned, never thrown. */
  async publishEvents(events: readonly Event[]): Promise<PublishOutcome> {
    if (events.length === 0 || this.pipelines.length === 0) return EMPTY_OUTCOME;
    return mergeOutcomes(await Promise.all(this.pipelines.map((p) => p.publishEvents(events))));
  }

  /** Stopping: full `hold` queues refuse instead of making callers wait (see DeliveryQueue.refuseWaiting). */
  refuseWaiting(): void {
    this.#delivery.refuseWaiting();
  }

  /** Every delivery queue's counters (one per sink and publisher). */
  deliveryStats(): DeliveryStats[] {
    return this.#delivery.stats();
  }

  /** Flushes every delivery queue within `timeoutMs`, then closes every publisher once. */
  close(timeoutMs?: number): Promise<DeliveryCloseSummary> {
    return this.#delivery.close(timeoutMs);
  }
}
