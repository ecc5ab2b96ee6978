/**
 * The consumers of the partition queues this agent owns (upstream's pipeline listener, which
 * Queens rebuilt on every membership change): one consumer and one batcher per owned partition.
 * A lost partition's consumer is cancelled and stopped (its unacknowledged messages go back to the
 * queue, for the new owner), then its state is dropped; a gained one gets a consumer. Changes are
 * applied one after the other, in the order they came.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import { Batcher } from '../batcher.js';
import type { ConsumerFactory, Disposition, IncomingMessage, NotificationConsumer } from '../types.js';
import { partitionTopic } from './partition-key.js';

/** Options of {@link PartitionConsumers}. */
export interface PartitionConsumersOptions {
  readonly consumers: ConsumerFactory;
  /** Transport URL of the partition queues (undefined: `[DEFAULT] transport_url`). */
  readonly url: string | undefined;
  readonly exchange: string;
  readonly prefetch: number;
  readonly batchSize: number;
  readonly batchTimeoutMs: number | undefined;
  readonly stopTimeoutMs: number;
  /** Processes one batch of partition `partition`; one disposition per message. */
  readonly process: (partition: number, batch: readonly IncomingMessage[]) => Promise<Disposition[]>;
  /** Called once partition `partition` is no longer consumed here (its state can go). */
  readonly released: (partition: number) => void;
  readonly logger: Logger;
}

interface Owned {
  readonly consumer: NotificationConsumer;
  readonly batcher: Batcher<IncomingMessage, Disposition>;
  readonly started: Promise<void>;
}

/** Consumers of the owned partition queues; `assign()` on every ownership change, `stop()` at the end. */
export class PartitionConsumers {
  readonly #options: PartitionConsumersOptions;
  readonly #owned = new Map<number, Owned>();
  #changes: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: PartitionConsumersOptions) {
    this.#options = options;
  }

  /** The partitions consumed now, sorted. */
  get owned(): number[] {
    return [...this.#owned.keys()].sort((a, b) => a - b);
  }

  /** Consumes exactly `partitions` from now on; resolves once the change is applied. */
  assign(partitions: readonly number[]): Promise<void> {
    const change = this.#changes.then(() => this.#apply(new Set(partitions)));
    this.#changes = change.catch((err: unknown) => this.#options.logger.error({ err }, 'cannot apply a partition change'));
    return this.#changes;
  }

  /** Stops every consumer (waiting for batches in flight up to the stop timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#changes;
    await Promise.all([...this.#owned.keys()].map((p) => this.#release(p)));
  }

  async #apply(wanted: ReadonlySet<number>): Promise<void> {
    if (this.#stopped) return;
    const lost = [...this.#owned.keys()].filter((p) => !wanted.has(p));
    const gained = [...wanted].filter((p) => !this.#owned.has(p)).sort((a, b) => a - b);
    if (lost.length === 0 && gained.length === 0) return;
    this.#options.logger.info(
      { gained, lost, owned: [...wanted].sort((a, b) => a - b) },
      'partition queues: gained [%s], lost [%s]; transforming %d partition(s)',
      gained.join(', '), lost.join(', '), wanted.size,
    );
    // lost first: their messages go back to the broker before this agent takes on more
    await Promise.all(lost.map((p) => this.#release(p)));
    for (const p of gained) this.#consume(p);
  }

  #consume(partition: number): void {
    const o = this.#options;
    const batcher = new Batcher<IncomingMessage, Disposition>({
      size: o.batchSize,
      maxSize: o.prefetch > 0 ? o.prefetch : Math.max(o.batchSize, 1000),
      timeoutMs: o.batchTimeoutMs,
      process: (batch) => o.process(partition, batch),
    });
    const consumer = o.consumers({
      url: o.url,
      targets: [{ exchange: o.exchange, topic: partitionTopic(partition) }],
      priorities: ['sample'],
      prefetch: o.prefetch,
      worker: partition,
      singleActiveConsumer: true,
      handler: (m) => batcher.add(m),
    });
    // a consumer waits for its broker on its own; a failure to start is logged, the partition stays assigned
    const started = consumer.start().catch((err: unknown) => {
      if (!this.#stopped && this.#owned.get(partition)?.consumer === consumer) o.logger.error({ err, partition }, 'partition %d: consumer failed to start', partition);
    });
    this.#owned.set(partition, { consumer, batcher, started });
  }

  async #release(partition: number): Promise<void> {
    const owned = this.#owned.get(partition);
    if (!owned) return;
    this.#owned.delete(partition);
    owned.batcher.drain();
    await owned.consumer.pause?.().catch(() => false);
    await owned.consumer.stop(this.#options.stopTimeoutMs).catch((err: unknown) => this.#options.logger.warn({ err, partition }, 'partition %d: error stopping its consumer', partition));
    await owned.started;
    this.#options.released(partition);
  }
}
