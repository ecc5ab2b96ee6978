/**
 * The Transformer contract (rocky's `transformer.TransformerBase`): called per sample in a sink's
 * chain; may drop (return null), change or hold samples and release them on flush.
 */
import type { Sample } from './sample.js';

/** A `ceilometer.transformer` entry point, constructed with its pipeline.yaml `parameters`. */
export interface Transformer {
  /** Returns the sample to pass on, or null to drop or hold it. */
  handleSample(sample: Sample): Sample | null;
  /** Samples held back (aggregator, accumulator) released at the end of a batch. */
  flush(): readonly Sample[];
}
