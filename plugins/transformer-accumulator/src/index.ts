/**
 * @ceilometer-ts/transformer-accumulator: rocky's `accumulator` transformer.
 */
export { TransformerAccumulator, type AccumulatorArgs } from './accumulator.js';
export { AccumulatorParameterError } from './errors.js';
