/**
 * What the agent processes notifications with: endpoints, converters and the two pipeline
 * managers, built together and swapped together on SIGHUP.
 */
import type { Event, Sample } from '@ceilometer-ts/sdk';
import type { PublishOutcome } from '../publish-outcome.js';
import type { SampleEndpoint } from './endpoint.js';
import type { EventConverterLike } from './types.js';

/** The sample pipeline manager as the agent uses it. */
export interface SamplePublisherLike {
  publishSamples(samples: readonly Sample[]): Promise<PublishOutcome>;
  close(): Promise<void>;
}

/** The event pipeline manager as the agent uses it. */
export interface EventPublisherLike {
  publishEvents(events: readonly Event[]): Promise<PublishOutcome>;
  close(): Promise<void>;
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

/** Closes the publishers of a processing generation. */
export async function closeProcessing(processing: Processing): Promise<void> {
  await Promise.all([processing.samples?.publisher.close(), processing.events?.publisher.close()]);
}
