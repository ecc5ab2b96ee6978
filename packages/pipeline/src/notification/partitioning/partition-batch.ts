/**
 * Processes messages from the partition queues (upstream's InterimSampleEndpoint): each carries
 * the meter messages of one pipeline (its event type); the samples go through that pipeline with
 * the partition's transformer state (signatures are not checked: see partition-router.ts; upstream's
 * interim endpoint checked them). A message is requeued only when a publisher refused it.
 */
import { samplesFromPollingPayload, type Logger, type PyValue, type Sample } from '@ceilometer-ts/sdk';
import type { ProcessStats } from '../batch-processor.js';

/** The partition side's counters: the agent's, plus samples dropped as already seen. */
export type PartitionBatchStats = ProcessStats & { duplicates?: number };
import type { TransformerState } from '../../transformer-state.js';
import type { Disposition, IncomingMessage } from '../types.js';
import type { RecentIds } from './recent-ids.js';
import type { PartitionablePipelines } from './types.js';

/** How {@link processPartitionBatch} behaves. */
export interface PartitionBatchOptions {
  readonly logger: Logger;
  readonly stats: PartitionBatchStats;
  /** The partition's recent sample ids: a sample seen before (a redelivered notification routed twice) is dropped. */
  readonly recent?: RecentIds;
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The samples of one interim message, in order; throws for a message that is not one. */
function interimSamples(incoming: IncomingMessage, options: PartitionBatchOptions): Sample[] {
  const payload = incoming.message['payload'] as PyValue;
  if (!Array.isArray(payload)) throw new Error('partition message payload is not a list of meter messages');
  return samplesFromPollingPayload({ samples: payload }, (err, i) => options.logger.warn({ err: err.message, sample: i }, 'partition message sample dropped: %s', err.message), true);
}

/** Processes one batch of one partition; never rejects. */
export async function processPartitionBatch(
  batch: readonly IncomingMessage[],
  pipelines: PartitionablePipelines,
  state: TransformerState,
  options: PartitionBatchOptions,
): Promise<Disposition[]> {
  const { stats, logger } = options;
  const dispositions: Disposition[] = batch.map(() => 'handled');
  stats.messages += batch.length;
  // one publish per pipeline, samples in delivery order (transformers see them as they were sent)
  const byPipeline = new Map<string, { samples: Sample[]; sources: number[] }>();
  batch.forEach((incoming, i) => {
    const pipeline = incoming.message['event_type'];
    let samples: Sample[];
    try {
      if (typeof pipeline !== 'string') throw new Error('partition message has no event_type (pipeline name)');
      samples = interimSamples(incoming, options);
    } catch (err) {
      stats.malformed += 1;
      logger.error({ err: errorMessage(err), message_id: incoming.message['message_id'] ?? null }, 'malformed partition message acknowledged and dropped: %s', errorMessage(err));
      return;
    }
    let entry = byPipeline.get(pipeline);
    if (!entry) byPipeline.set(pipeline, (entry = { samples: [], sources: [] }));
    for (const s of samples) {
      if (options.recent?.has(`${pipeline}\u0000${s.id}`)) {
        stats.duplicates = (stats.duplicates ?? 0) + 1;
        continue;
      }
      entry.samples.push(s);
    }
    entry.sources.push(i);
  });
  await Promise.all(
    [...byPipeline].map(async ([name, { samples, sources }]) => {
      const outcome = await pipelines.publishToPipeline(name, samples, state);
      stats.samples += samples.length;
      if (outcome.failures.length > 0) {
        stats.publishFailures += outcome.failures.length;
        for (const i of sources) dispositions[i] = 'requeue';
      } else if (options.recent) {
        for (const s of samples) options.recent.add(`${name}\u0000${s.id}`);
      }
    }),
  );
  return dispositions;
}
