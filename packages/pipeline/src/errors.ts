/**
 * Errors of the pipeline package (extending the sdk's CeilometerError).
 */
import { CeilometerError, didYouMean } from '@ceilometer-ts/sdk';

/** No installed publisher serves a URL scheme used in a pipeline file. */
export class PublisherNotFoundError extends CeilometerError {
  readonly code = 'CEILO_ERR_PIPELINE_NO_PUBLISHER' as const;
  constructor(readonly scheme: string, readonly installed: readonly string[], options?: ErrorOptions) {
    super(`no publisher for scheme "${scheme}" (installed: ${installed.length ? installed.join(', ') : 'none'})${didYouMean(scheme, installed)}`, options);
  }
}

/** A sink names a transformer that cannot be made (unknown name, bad parameters, no support). */
export class TransformerUnavailableError extends CeilometerError {
  readonly code = 'CEILO_ERR_PIPELINE_TRANSFORMER' as const;
}
