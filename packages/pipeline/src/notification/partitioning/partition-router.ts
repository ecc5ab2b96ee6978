/**
 * The main listeners' publisher on a partitioned agent (upstream's InterimPublishContext): instead
 * of transforming, each sample is checked, signed once and sent to the partition queue of every
 * pipeline that takes it, grouped into one message per (partition, pipeline) per batch. The batch's
 * notifications are acknowledged only once the broker holds every part, so none is lost.
 */
import { toMeterMessage, type Logger, type MeterMessage, type Sample } from '@ceilometer-ts/sdk';
import { EMPTY_OUTCOME, type PublishFailure, type PublishOutcome } from '../../publish-outcome.js';
import { validateVolume } from '../../volume.js';
import type { SamplePublisherLike } from '../processing.js';
import { partitionOf, partitionTopic } from './partition-key.js';
import type { PartitionSender, RoutablePipeline } from './types.js';

/** Options of {@link PartitionRouter}. */
export interface PartitionRouterOptions {
  readonly pipelines: readonly RoutablePipeline[];
  readonly sender: PartitionSender;
  readonly partitions: number;
  readonly secret: string;
  readonly logger: Logger;
}

/** Routes samples to the partition queues; `publishSamples` never rejects. */
export class PartitionRouter implements SamplePublisherLike {
  readonly #options: PartitionRouterOptions;

  constructor(options: PartitionRouterOptions) {
    this.#options = options;
  }

  async publishSamples(samples: readonly Sample[]): Promise<PublishOutcome> {
    const { pipelines, partitions, secret, logger, sender } = this.#options;
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
          message = toMeterMessage(valid, secret);
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
        try {
          await sender.send(g.partition, g.pipeline, g.messages);
        } catch (error) {
          failures.push({ pipeline: g.pipeline, publisher: `partition queue ${partitionTopic(g.partition)}`, error });
        }
      }),
    );
    if (failures.length > 0) {
      logger.warn({ failures: failures.length, err: failures[0]?.error }, 'cannot send samples to %d partition queue(s); the notifications are requeued', failures.length);
    }
    return { published: routed, failures };
  }

  /** Nothing of its own to close: the agent closes the sender and the pipelines. */
  async close(): Promise<void> {}
}
