/**
 * Errors of the conversion transformers.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** A transformer's `parameters:` in pipeline.yaml cannot be used; the message names the parameter. */
export class TransformerParameterError extends CeilometerError {
  readonly code = 'CEILO_ERR_TRANSFORMER_PARAMS' as const;
  constructor(readonly transformer: string, readonly parameter: string, reason: string, options?: ErrorOptions) {
    super(`${transformer}: parameter ${parameter}: ${reason}`, options);
  }
}
