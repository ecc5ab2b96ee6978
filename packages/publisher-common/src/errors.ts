/**
 * Errors of the HTTP-based publishers (`http`, `prometheus`, `opentelemetryhttp`): raised by the
 * shared URL settings parser and sender.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** The publisher URL cannot be used (no host, bad port, unreadable certificate file). */
export class HttpPublisherConfigError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_HTTP_CONFIG' as const;
  constructor(readonly url: string, reason: string, options?: ErrorOptions) {
    super(`http publisher ${url}: ${reason}`, options);
  }
}

/**
 * A POST failed after every retry (connection error, timeout or 5xx). The batch was not delivered;
 * the caller (the notification agent) decides whether to redeliver it.
 */
export class HttpPublishError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_HTTP_SEND' as const;
  constructor(readonly target: string, readonly attempts: number, readonly statusCode: number | undefined, options?: ErrorOptions) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    super(`POST ${target} failed after ${attempts} attempt(s)${statusCode ? ` (status ${statusCode})` : ''}: ${cause}`, options);
  }
}
