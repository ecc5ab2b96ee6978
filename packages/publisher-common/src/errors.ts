/**
 * Errors of the HTTP-based publishers (`http`, `prometheus`, `opentelemetryhttp`): raised by the
 * shared URL settings parser and sender.
 */
import { CeilometerError, redactUrl } from '@ceilometer-ts/sdk';

/** The publisher URL cannot be used (no host, bad port, unreadable certificate file). */
export class HttpPublisherConfigError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_HTTP_CONFIG' as const;
  /** The publisher URL, credentials masked (messages reach logs and stderr). */
  readonly url: string;
  constructor(url: string, reason: string, options?: ErrorOptions) {
    const redacted = redactUrl(url);
    super(`http publisher ${redacted}: ${reason}`, options);
    this.url = redacted;
  }
}

/**
 * A POST failed after every retry (connection error, timeout or 5xx). The batch was not delivered;
 * the caller (the notification agent) decides whether to redeliver it.
 */
export class HttpPublishError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_HTTP_SEND' as const;
  /** The URL posted to, credentials masked. */
  readonly target: string;
  constructor(target: string, readonly attempts: number, readonly statusCode: number | undefined, options?: ErrorOptions) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    const redacted = redactUrl(target);
    super(`POST ${redacted} failed after ${attempts} attempt(s)${statusCode ? ` (status ${statusCode})` : ''}: ${cause}`, options);
    this.target = redacted;
  }
}
