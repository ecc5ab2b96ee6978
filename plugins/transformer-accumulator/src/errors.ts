/**
 * Errors of the accumulator transformer.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** The accumulator's `parameters:` cannot be used. */
export class AccumulatorParameterError extends CeilometerError {
  readonly code = 'CEILO_ERR_TRANSFORMER_PARAMS' as const;
  constructor(readonly parameter: string, reason: string) {
    super(`accumulator: parameter ${parameter}: ${reason}`);
  }
}
