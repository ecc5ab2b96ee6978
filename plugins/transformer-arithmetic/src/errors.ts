/**
 * Errors of the arithmetic transformer.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** The arithmetic transformer's `parameters:` cannot be used; the message names the parameter. */
export class ArithmeticParameterError extends CeilometerError {
  readonly code = 'CEILO_ERR_TRANSFORMER_PARAMS' as const;
  constructor(readonly parameter: string, reason: string, options?: ErrorOptions) {
    super(`arithmetic: parameter ${parameter}: ${reason}`, options);
  }
}
