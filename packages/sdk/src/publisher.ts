/**
 * The Publisher contract. Publishers are loaded by URL scheme from `ceilometer.sample.publisher`
 * and `ceilometer.event.publisher` and constructed with the parsed URL.
 */
import type { Event } from './event.js';
import type { Sample } from './sample.js';

export interface Publisher {
  publishSamples(samples: readonly Sample[]): Promise<void>;
  /** Only publishers that support events implement this. */
  publishEvents?(events: readonly Event[]): Promise<void>;
  /** Resolves only when everything accepted so far is flushed (pino's close contract). */
  close(): Promise<void>;
}

/** What a publisher constructor receives: the URL as written in pipeline.yaml, parsed. */
export interface PublisherTarget {
  readonly url: string;
  readonly parsed: URL;
}
