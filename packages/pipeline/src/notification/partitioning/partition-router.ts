/**
 * The main listeners' publisher on a partitioned agent (upstream's InterimPublishContext): instead
 * of transforming, each sample is checked, serialised once and sent to the partition queue of every
 * pipeline that takes it, grouped into one message per (partition, pipeline) per batch. The batch's
 * notifications are acknowledged only once the broker holds every part, so none is lost.
 */
import { toMeterMessage, type Logger, type MeterMessage, type Sample } from '@ceilometer-ts/sdk';
import { EMPTY_OUTCOME, type PublishFailure, type PublishOutcome } from '../../publish-outcome.js';
import { validateVolume } from '../../volume.js';
import type { SamplePublisherLike } from '../processing.js';
import { partitionOf, partitionTopic } from './partition-key.js';
import type { PartitionSender, RoutablePipeline } from './types.js';

/**
 * Interim meter messages are not signed (`message_signature` is empty, as upstream writes it with an
 * empty `telemetry_secret`): whoever can publish to the partition queues can publish to the main
 * queues, whose polled samples upstream 19.0 does not verify either; signing and verifying every
 * sample twice cost a quarter of a partitioned agent's CPU (bench/coordination/notification.mjs).
 */
const UNSIGNED = '';

/** Options of {@link PartitionRouter}. */
export interface PartitionRouterOptions {
  readonly pipelines: readonly RoutablePipeline[];
  readonly sender: PartitionSender;
  readonly partitions: number;
  readonly logger: Logger;
}

/** Meter messages waiting for this turn's send to one (partition, pipeline). */
interface PendingSend {
  readonly partition: number;
  readonly pipeline: string;
  readonly messages: MeterMessage[];
  readonly settled: Array<(error: unknown) => void>;
}

/** Routes samples to the partition queues; `publishSamples` never rejects. */
export class PartitionRouter implements SamplePublisherLike {
  readonly #options: PartitionRouterOptions;
  #pending = new Map<string, PendingSend>();

  constructor(options: PartitionRouterOptions) {
    this.#options = options;
  }

  async publishSamples(samples: readonly Sample[]): Promise<PublishOutcome> {
    const { pipelines, partitions, logger } = this.#options;
    const groups = new Map<string, { partition: number; pipeline: string; messages: MeterMessage[] }>();
    let routed = 0;
    for (const sample of samples) {
      let message: MeterMessage | undefined;
      for (const pipeline of pipelines) {
        if (!pipeline.supports(sample.name)) continue;
        if (!message) {
          // checked before it travels, as upstream's filter order would on one agent
          const valid = validateVolume(sample, logger);
          if (!valid) break;
          message = toMeterMessage(valid, UNSIGNED);
        }
        const partition = partitionOf(pipeline.name, sample.resource_id, partitions);
        const key = `${partition}\u0000${pipeline.name}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { partition, pipeline: pipeline.name, messages: [] }));
        group.messages.push(message);
        routed += 1;
      }
    }
    if (groups.size === 0) return EMPTY_OUTCOME;
    const failures: PublishFailure[] = [];
    await Promise.all(
      [...groups.values()].map(async (g) => {
        const error = await this.#enqueue(g.partition, g.pipeline, g.messages);
        if (error !== undefined) failures.push({ pipeline: g.pipeline, publisher: `partition queue ${partitionTopic(g.partition)}`, error });
      }),
    );
    if (failures.length > 0) {
      logger.warn({ failures: failures.length, err: failures[0]?.error }, 'cannot send samples to %d partition queue(s); the notifications are requeued', failures.length);
    }
    return { published: routed, failures };
  }

  /** Adds messages to this turn's send to (partition, pipeline); resolves with its error, undefined once the broker holds it. */
  #enqueue(partition: number, pipeline: string, messages: readonly MeterMessage[]): Promise<unknown> {
    return new Promise((settle) => {
      if (this.#pending.size === 0) setImmediate(() => this.#flush());
      const key = `${partition}\u0000${pipeline}`;
      let send = this.#pending.get(key);
      if (!send) this.#pending.set(key, (send = { partition, pipeline, messages: [], settled: [] }));
      for (const m of messages) send.messages.push(m);
      send.settled.push(settle);
    });
  }

  #flush(): void {
    const sends = this.#pending;
    this.#pending = new Map();
    for (const send of sends.values()) {
      const settleAll = (error: unknown): void => {
        for (const settle of send.settled) settle(error);
      };
      this.#options.sender.send(send.partition, send.pipeline, send.messages).then(
        () => settleAll(undefined),
        (error: unknown) => settleAll(error ?? new Error('partition send failed')),
      );
    }
  }

  /** Nothing of its own to close: the agent closes the sender and the pipelines. */
  async close(): Promise<void> {}
}
