/**
 * @ceilometer-ts/transformer-conversions: rocky's `unit_conversion`, `rate_of_change` and `delta`
 * transformers.
 */
export { UnitConversionTransformer } from './unit-conversion.js';
export { RateOfChangeTransformer } from './rate-of-change.js';
export { DeltaTransformer } from './delta.js';
export { BaseConversionTransformer, ScalingTransformer, loggerOf, parseScale, SCALE_NAMES, type Scale } from './scaling.js';
export { TransformerParameterError } from './errors.js';
export { parametersOf, mappingParam, stringParam, numberParam, typeParam, type TransformerArgs, type Parameters } from './parameters.js';
