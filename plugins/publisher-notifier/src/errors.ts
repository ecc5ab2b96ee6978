/**
 * Errors of the notifier publisher.
 */
import { CeilometerError, redactUrl } from '@ceilometer-ts/sdk';
import { describeFailureKind, type PublisherFailureKind } from '@ceilometer-ts/publisher-common';

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

/**
 * A publish call did not get its notifications confirmed: the broker stayed away or silent for
 * `publish_timeout` (kinds `broker-unavailable`, `publish-timeout`; what still waited in the outbox
 * was withdrawn), the outbox gave them up (`dropped`: overflow, `max_retry`), or the publisher was
 * closed (`closed`). Only the `default` policy rejects calls.
 */
export class NotifierPublishError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_NOTIFIER_SEND' as const;
  /** The publisher URL, credentials masked. */
  readonly url: string;
  constructor(url: string, readonly kind: PublisherFailureKind, readonly count: number, options?: ErrorOptions) {
    const redacted = redactUrl(url);
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    super(`notifier publisher ${redacted}: ${describeFailureKind(kind)}: ${count} item(s) not published${cause ? `: ${cause}` : ''}`, options);
    this.url = redacted;
  }
}
