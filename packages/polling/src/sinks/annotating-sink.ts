/**
 * A sink that completes every batch before handing it on (the identity names of
 * `[polling] identity_name_discovery`): one asynchronous step per batch, not per sample.
 */
import type { Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';

/** Completes a batch of samples. */
export type SampleAnnotator = (samples: readonly Sample[]) => Promise<readonly Sample[]>;

/** `inner` with `annotate` applied to every batch. */
export function annotatingSink(inner: SampleSink, annotate: SampleAnnotator): SampleSink {
  const sink: SampleSink = {
    publish: async (samples) => inner.publish(await annotate(samples)),
    close: (timeoutMs) => inner.close(timeoutMs),
  };
  if (inner.queueDepth) sink.queueDepth = () => inner.queueDepth!();
  if (inner.deliveryStats) sink.deliveryStats = () => inner.deliveryStats!();
  return sink;
}
