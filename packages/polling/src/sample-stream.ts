/**
 * What `Pollster.getSamples` may return (an async iterable, a promise of an iterable, or an
 * iterable), walked sample by sample. A plain array or generator is walked synchronously: only a
 * full batch is awaited, so 16,000 samples a cycle do not cost 16,000 promises and microtask turns.
 */
import type { Sample } from '@ceilometer-ts/sdk';

type SampleSource = AsyncIterable<Sample> | Promise<Iterable<Sample>> | Iterable<Sample>;

/** Handles one sample; returns a promise only when the caller must wait (a batch being sent). */
export type SampleHandler = (sample: Sample) => Promise<void> | undefined;

/** Gives every sample of `result` to `handle`, in order. */
export async function forEachSample(result: SampleSource, handle: SampleHandler): Promise<void> {
  if (isAsyncIterable(result)) {
    for await (const sample of result) {
      const wait = handle(sample);
      if (wait) await wait;
    }
    return;
  }
  const iterable = isPromiseLike(result) ? await result : result;
  if (iterable == null) return;
  for (const sample of iterable) {
    const wait = handle(sample);
    if (wait) await wait;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Sample> {
  return value != null && typeof (value as AsyncIterable<Sample>)[Symbol.asyncIterator] === 'function';
}

function isPromiseLike(value: unknown): value is Promise<Iterable<Sample>> {
  return value != null && typeof (value as Promise<unknown>).then === 'function';
}
