/**
 * Groups samples into notifications of `[polling] batch_size` (0: one message per sample), as
 * upstream sends them per pollster run.
 */
import type { Sample } from '@ceilometer-ts/sdk';

/** Collects samples and hands full batches to `send`, awaiting it (back-pressure). */
export class Batcher {
  #batch: Sample[] = [];

  constructor(
    readonly batchSize: number,
    private readonly send: (samples: readonly Sample[]) => Promise<void>,
  ) {}

  /**
   * Adds one sample; sends the batch when it is full. Returns the send to await, or undefined when
   * the sample was only queued (no promise per sample on the hot path).
   */
  add(sample: Sample): Promise<void> | undefined {
    if (this.batchSize <= 0) return this.send([sample]);
    this.#batch.push(sample);
    return this.#batch.length >= this.batchSize ? this.flush() : undefined;
  }

  /** Sends what is pending, if anything. */
  async flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    await this.send(batch);
  }
}
