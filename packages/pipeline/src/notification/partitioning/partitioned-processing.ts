/**
 * The agent's partitioned half: routes the main queues' samples to the partition queues (through
 * a {@link PartitionRouter} per generation of pipelines), consumes the partitions its ownership
 * assigns (a {@link PartitionConsumers}), and keeps one transformer state per owned partition,
 * made on its first message and dropped when the partition is lost (a partition gained again starts
 * empty: its first sample per resource primes the transformers, as after a restart).
 */
import { ConfigError, type Logger } from '@ceilometer-ts/sdk';
import type { TransformerState } from '../../transformer-state.js';
import { emptyProcessStats, type ProcessStats } from '../batch-processor.js';
import type { Processing } from '../processing.js';
import type { NotificationSettings } from '../settings.js';
import { effectiveBatchSize } from '../settings.js';
import type { ConsumerFactory, Disposition, IncomingMessage } from '../types.js';
import { processPartitionBatch } from './partition-batch.js';
import { PartitionConsumers } from './partition-consumers.js';
import { PartitionRouter } from './partition-router.js';
import { RecentIds } from './recent-ids.js';
import { isPartitionable, type PartitionablePipelines, type PartitioningOptions } from './types.js';

/** What one owned partition keeps: its transformers and the sample ids it saw last. */
interface PartitionState {
  readonly transformers: TransformerState;
  readonly recent: RecentIds;
}

/** Counters of the partition queues' side. */
export interface PartitionedStats extends ProcessStats {
  /** Samples dropped because the partition had them already (a notification redelivered after its agent died). */
  readonly duplicates: number;
  /** Partitions consumed here now. */
  readonly owned: readonly number[];
  /** Ownership changes applied. */
  readonly changes: number;
}

/** What {@link PartitionedProcessing} needs from the agent. */
export interface PartitionedProcessingOptions {
  readonly partitioning: PartitioningOptions;
  readonly settings: NotificationSettings;
  readonly consumers: ConsumerFactory;
  readonly logger: Logger;
  /** Runs `fn` with the agent's current pipelines (counted in flight); undefined when it has none. */
  readonly withProcessing: <T>(fn: (processing: Processing) => Promise<T>) => Promise<T | undefined>;
  /** The agent's requeue backoff: logs and sleeps after `requeued` > 0 messages, resets after 0. */
  readonly sleepAfterFailure: (requeued: number) => Promise<void>;
}

/** The partitioned part of a notification agent. */
export class PartitionedProcessing {
  readonly #options: PartitionedProcessingOptions;
  readonly #consumers: PartitionConsumers;
  readonly #routed = new WeakMap<Processing, Processing>();
  readonly #states = new WeakMap<Processing, Map<number, { readonly epoch: number; readonly state: Promise<PartitionState> }>>();
  /** Bumped when a partition is released: a state made before belongs to an earlier ownership. */
  readonly #epochs = new Map<number, number>();
  readonly #stats: ProcessStats & { duplicates: number } = { ...emptyProcessStats(), duplicates: 0 };
  #changes = 0;

  constructor(options: PartitionedProcessingOptions) {
    this.#options = options;
    const { settings } = options;
    this.#consumers = new PartitionConsumers({
      consumers: options.consumers,
      url: settings.messagingUrls[0],
      exchange: options.partitioning.exchange,
      prefetch: settings.prefetch,
      batchSize: effectiveBatchSize(settings),
      batchTimeoutMs: settings.batchTimeout === undefined ? undefined : settings.batchTimeout * 1000,
      stopTimeoutMs: settings.stopTimeoutSeconds * 1000,
      process: (partition, batch) => this.#process(partition, batch),
      released: (partition) => this.#release(partition),
      logger: options.logger,
    });
  }

  /** Throws a ConfigError when these pipelines cannot run partitioned. */
  check(processing: Processing): void {
    if (processing.samples && !isPartitionable(processing.samples.publisher)) {
      throw new ConfigError([{ file: 'ceilometer.conf', path: 'notification.workload_partitioning', message: 'the sample pipelines of this agent cannot run partitioned (no per-pipeline publishing)' }]);
    }
  }

  /** The processing the main queues' batches use: samples go to the partition router instead of the pipelines. */
  routed(processing: Processing): Processing {
    const samples = processing.samples;
    if (!samples) return processing;
    let routed = this.#routed.get(processing);
    if (!routed) {
      const { partitions, sender } = this.#options.partitioning;
      const router = new PartitionRouter({ pipelines: (samples.publisher as unknown as PartitionablePipelines).pipelines, sender, partitions, logger: this.#options.logger });
      routed = { ...processing, samples: { endpoints: samples.endpoints, publisher: router } };
      this.#routed.set(processing, routed);
    }
    return routed;
  }

  /** Joins through the ownership; partitions are consumed from its first answer on. */
  async start(): Promise<void> {
    const { partitions } = this.#options.partitioning;
    await this.#options.partitioning.ownership.start((owned) => {
      this.#changes += 1;
      // never rejects (failures are logged); changes apply in order
      this.#consumers.assign(owned.filter((p) => Number.isInteger(p) && p >= 0 && p < partitions)).catch(() => undefined);
    });
  }

  /** Stops the partition consumers, flushes the sender, leaves the group. */
  async stop(timeoutMs: number): Promise<void> {
    await this.#consumers.stop();
    const { sender, ownership } = this.#options.partitioning;
    await sender.close(timeoutMs).catch((err: unknown) => this.#options.logger.error({ err }, 'error closing the partition queue sender'));
    // also when start() never ran (a failed start): the command's coordinator is connected before
    await ownership.stop().catch((err: unknown) => this.#options.logger.error({ err }, 'error leaving the partitioning group'));
  }

  stats(): PartitionedStats {
    return { ...this.#stats, owned: this.#consumers.owned, changes: this.#changes };
  }

  async #process(partition: number, batch: readonly IncomingMessage[]): Promise<Disposition[]> {
    const { logger } = this.#options;
    let dispositions: Disposition[] | undefined;
    try {
      dispositions = await this.#options.withProcessing(async (processing) => {
        const pipelines = processing.samples?.publisher as unknown as PartitionablePipelines | undefined;
        if (!pipelines) return batch.map((): Disposition => 'handled'); // no meter pipelines: nothing to do with samples
        const { transformers, recent } = await this.#state(processing, pipelines, partition);
        return processPartitionBatch(batch, pipelines, transformers, { logger, stats: this.#stats, recent });
      });
    } catch (err) {
      logger.error({ err, partition }, 'partition %d: batch processing failed; messages will be redelivered', partition);
    }
    const result = dispositions ?? batch.map((): Disposition => 'requeue');
    const requeued = result.filter((d) => d === 'requeue').length;
    this.#stats.requeued += requeued;
    await this.#options.sleepAfterFailure(requeued);
    return result;
  }

  #state(processing: Processing, pipelines: PartitionablePipelines, partition: number): Promise<PartitionState> {
    let states = this.#states.get(processing);
    if (!states) this.#states.set(processing, (states = new Map()));
    const epoch = this.#epochs.get(partition) ?? 0;
    const known = states.get(partition);
    if (known && known.epoch === epoch) return known.state;
    const state = pipelines.createTransformerState().then((transformers) => ({ transformers, recent: new RecentIds() }));
    const entry = { epoch, state };
    states.set(partition, entry);
    state.catch(() => {
      if (states.get(partition) === entry) states.delete(partition); // made again for the next batch
    });
    return state;
  }

  #release(partition: number): void {
    this.#epochs.set(partition, (this.#epochs.get(partition) ?? 0) + 1);
  }
}
