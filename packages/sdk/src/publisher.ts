/**
 * The Publisher contract. Publishers are loaded by URL scheme from `ceilometer.sample.publisher`
 * and `ceilometer.event.publisher` and constructed with the parsed URL.
 */
import type { Event } from './event.js';
import type { Sample } from './sample.js';

/** A `ceilometer.sample.publisher` / `ceilometer.event.publisher` entry point, constructed with its URL. */
export interface Publisher {
  /** Resolves when the samples are delivered; rejects when they could not be. */
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

/**
 * What a manager may pass a publisher constructor as its URL argument: its `invokeArgs` (the
 * first item is the URL), a URL string, a URL or a PublisherTarget.
 */
export type PublisherArg = string | URL | PublisherTarget | readonly unknown[];

/**
 * Normalises a publisher's URL argument into a PublisherTarget (every publisher starts with this).
 * @throws TypeError when no URL was given; the URL constructor's TypeError for an invalid URL.
 */
export function toPublisherTarget(arg: PublisherArg | undefined): PublisherTarget {
  const value: unknown = Array.isArray(arg) ? arg[0] : arg;
  if (typeof value === 'string') return { url: value, parsed: new URL(value) };
  if (value instanceof URL) return { url: value.href, parsed: value };
  if (value && typeof value === 'object' && typeof (value as PublisherTarget).url === 'string') {
    const target = value as PublisherTarget;
    return target.parsed instanceof URL ? target : { url: target.url, parsed: new URL(target.url) };
  }
  throw new TypeError(`a publisher needs its URL as first argument, got ${String(value)}`);
}
