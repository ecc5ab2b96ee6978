/**
 * Turns what a manager passes a publisher (its `invokeArgs`, a URL string, a URL or a
 * PublisherTarget) into a PublisherTarget.
 */
import type { PublisherTarget } from '@ceilometer-ts/sdk';

/** Accepted forms of the publisher URL argument. */
export type PublisherArg = string | URL | PublisherTarget | readonly unknown[];

/** Normalises the URL argument; throws TypeError when none was given. */
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
