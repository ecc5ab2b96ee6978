/**
 * @ceilometer-ts/transformer-arithmetic: rocky's `arithmetic` transformer.
 */
export { ArithmeticTransformer, type ArithmeticArgs } from './arithmetic.js';
export { ArithmeticParameterError } from './errors.js';
