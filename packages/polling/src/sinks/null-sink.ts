/**
 * A sink that drops samples (`[polling] enable_notifications = false`, with only the Prometheus
 * exporter wanted).
 */
import type { Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../sink.js';

/** Accepts and forgets every batch. */
export class NullSink implements SampleSink {
  async publish(_samples: readonly Sample[]): Promise<void> {}
  async close(): Promise<void> {}
}
