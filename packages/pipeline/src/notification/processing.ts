/**
 * What the agent processes notifications with: endpoints, converters and the two pipeline
 * managers, built together and swapped together on SIGHUP.
 */
import type { Event, Sample } from '@ceilometer-ts/sdk';
import type { DeliveryStats } from '../delivery/delivery-queue.js';
import type { PublishOutcome } from '../publish-outcome.js';
import type { SampleEndpoint } from './endpoint.js';
import type { EventConverterLike } from './types.js';

/** The sample pipeline manager as the agent uses it. */
export interface SamplePublisherLike {
  publishSamples(samples: readonly Sample[]): Promise<PublishOutcome>;
  /** Flushes the delivery queues within `timeoutMs`, then closes the publishers. */
  close(timeoutMs?: number): Promise<unknown>;
  /** The delivery queues' counters. */
  deliveryStats?(): DeliveryStats[];
  /** Stopping: full hold queues refuse instead of waiting. */
  refuseWaiting?(): void;
}

/** The event pipeline manager as the agent uses it. */
export interface EventPublisherLike {
  publishEvents(events: readonly Event[]): Promise<PublishOutcome>;
  close(timeoutMs?: number): Promise<unknown>;
  deliveryStats?(): DeliveryStats[];
  refuseWaiting?(): void;
}

/** One generation of processing state. */
export interface Processing {
  /** Absent when `[notification] pipelines` has no `meter`. */
  readonly samples?: { readonly endpoints: readonly SampleEndpoint[]; readonly publisher: SamplePublisherLike };
  /** Absent when `[notification] pipelines` has no `event`. */
  readonly events?: { readonly converter: EventConverterLike; readonly publisher: EventPublisherLike };
}

/** Builds a Processing; throws (a ConfigError, typically) when the files are invalid. */
export type ProcessingLoader = () => Promise<Processing>;

/** Flushes the delivery queues (within `timeoutMs`) and closes the publishers of a generation. */
export async function closeProcessing(processing: Processing, timeoutMs?: number): Promise<void> {
  await Promise.all([processing.samples?.publisher.close(timeoutMs), processing.events?.publisher.close(timeoutMs)]);
}

/** Stopping: every full hold queue of a generation refuses instead of waiting (the broker keeps the messages). */
export function refuseWaiting(processing: Processing): void {
  processing.samples?.publisher.refuseWaiting?.();
  processing.events?.publisher.refuseWaiting?.();
}

/** The delivery queues' counters of a generation (samples first). */
export function processingDeliveryStats(processing: Processing): DeliveryStats[] {
  return [...(processing.samples?.publisher.deliveryStats?.() ?? []), ...(processing.events?.publisher.deliveryStats?.() ?? [])];
}
