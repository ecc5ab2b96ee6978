/**
 * Errors of the notifier publisher.
 */
import { CeilometerError, redactUrl } from '@ceilometer-ts/sdk';

/** The `notifier://` URL or the transport configuration cannot be used. */
export class NotifierPublisherConfigError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_NOTIFIER_CONFIG' as const;
  /** The publisher URL, credentials masked (messages reach logs and stderr). */
  readonly url: string;
  constructor(url: string, reason: string, options?: ErrorOptions) {
    const redacted = redactUrl(url);
    super(`notifier publisher ${redacted}: ${reason}`, options);
    this.url = redacted;
  }
}
