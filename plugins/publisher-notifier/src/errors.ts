/**
 * Errors of the notifier publisher.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** The `notifier://` URL or the transport configuration cannot be used. */
export class NotifierPublisherConfigError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_NOTIFIER_CONFIG' as const;
  constructor(readonly url: string, reason: string, options?: ErrorOptions) {
    super(`notifier publisher ${url}: ${reason}`, options);
  }
}
