/**
 * @ceilometer-ts/transformer-aggregator: rocky's `aggregator` transformer.
 */
export { AggregatorTransformer, type AttributePolicy } from './aggregator.js';
