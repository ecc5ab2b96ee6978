/**
 * The seams of workload partitioning (`[notification] workload_partitioning`): where samples are
 * sent to be transformed, and who decides which partitions this agent transforms. The command
 * supplies both (an AMQP notifier; a coordination group with a hash ring), so this package needs
 * neither a broker client nor a coordination backend.
 */
import type { MeterMessage, Sample } from '@ceilometer-ts/sdk';
import type { PublishOutcome } from '../../publish-outcome.js';
import type { TransformerState } from '../../transformer-state.js';

/** Sends samples to the partition queues. */
export interface PartitionSender {
  /**
   * Sends the meter messages of pipeline `pipeline` to partition `partition` (one notification,
   * event type = the pipeline's name, payload = the list, as upstream's interim publisher); resolves
   * once the broker holds it (publisher confirm), rejects otherwise.
   */
  send(partition: number, pipeline: string, messages: readonly MeterMessage[]): Promise<void>;
  /** Waits up to `timeoutMs` for sends in flight, then closes. */
  close(timeoutMs?: number): Promise<void>;
}

/** Decides which partitions this agent transforms (a coordination group and a hash ring in the command). */
export interface PartitionOwnership {
  /**
   * Joins, then calls `onChange` with the partitions this agent owns, once at first and again at
   * every change. Until the first call this agent owns none (the broker keeps their samples).
   */
  start(onChange: (owned: readonly number[]) => void): Promise<void>;
  /** Leaves at once (the others take the partitions over at their next refresh). */
  stop(): Promise<void>;
}

/** What a partitioned agent needs. */
export interface PartitioningOptions {
  /** `[notification] pipeline_processing_queues`. */
  readonly partitions: number;
  readonly sender: PartitionSender;
  readonly ownership: PartitionOwnership;
  /** The exchange the partition queues are bound to (upstream: `[DEFAULT] control_exchange`). */
  readonly exchange: string;
}

/** A pipeline as the router sees it. */
export interface RoutablePipeline {
  readonly name: string;
  supports(meterName: string): boolean;
}

/** The sample pipeline manager as a partitioned agent uses it (SamplePipelineManager). */
export interface PartitionablePipelines {
  readonly pipelines: readonly RoutablePipeline[];
  /** Fresh transformer instances for every sink: one partition's state. */
  createTransformerState(): Promise<TransformerState>;
  /** Publishes through one pipeline, with `state`'s transformers. */
  publishToPipeline(name: string, samples: readonly Sample[], state?: TransformerState): Promise<PublishOutcome>;
}

/** True when a sample publisher can run partitioned (the loader's SamplePipelineManager can). */
export function isPartitionable(value: unknown): value is PartitionablePipelines {
  const v = value as Partial<PartitionablePipelines> | null;
  return v !== null && typeof v === 'object' && Array.isArray(v.pipelines) && typeof v.createTransformerState === 'function' && typeof v.publishToPipeline === 'function';
}
