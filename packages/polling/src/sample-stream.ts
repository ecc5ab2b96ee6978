/**
 * What `Pollster.getSamples` may return (an async iterable, a promise of an iterable, or an
 * iterable) as one async iterable.
 */
import type { Sample } from '@ceilometer-ts/sdk';

type SampleSource = AsyncIterable<Sample> | Promise<Iterable<Sample>> | Iterable<Sample>;

/** Iterates any shape of getSamples result. */
export async function* iterateSamples(result: SampleSource): AsyncGenerator<Sample> {
  if (isAsyncIterable(result)) {
    yield* result;
    return;
  }
  const iterable = isPromiseLike(result) ? await result : result;
  if (iterable == null) return;
  yield* iterable;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Sample> {
  return value != null && typeof (value as AsyncIterable<Sample>)[Symbol.asyncIterator] === 'function';
}

function isPromiseLike(value: unknown): value is Promise<Iterable<Sample>> {
  return value != null && typeof (value as Promise<unknown>).then === 'function';
}
