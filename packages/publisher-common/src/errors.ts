/**
 * Errors of the HTTP-based publishers (`http`, `prometheus`, `opentelemetryhttp`): raised by the
 * shared URL settings parser and sender.
 */
import { CeilometerError, redactUrl } from '@ceilometer-ts/sdk';
import { describeFailureKind, type PublisherFailureKind } from './failure.js';

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
 * A POST failed after every retry (connection error, timeout or 5xx), or ran out of its
 * `publish_timeout`. The batch was not delivered; the caller (the notification agent's delivery
 * queue) decides whether to send it again. The message names the publisher, the URL (no
 * credentials: the settings took them out) and the kind of failure.
 */
export class HttpPublishError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_HTTP_SEND' as const;
  /** What went wrong: `connect-timeout`, `response-timeout`, `publish-timeout`, `refused`, `http-status`, ... */
  readonly kind: PublisherFailureKind;
  /** The publisher's scheme name (`http`, `prometheus`, `opentelemetryhttp`). */
  readonly publisher: string;
  /** The URL posted to, credentials masked. */
  readonly target: string;
  constructor(target: string, readonly attempts: number, readonly statusCode: number | undefined, options?: HttpPublishErrorOptions) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    const kind = options?.kind ?? (statusCode ? 'http-status' : 'error');
    const publisher = options?.publisher ?? 'http';
    const redacted = redactUrl(target);
    const what = kind === 'http-status' && statusCode ? `HTTP status ${statusCode}` : `${describeFailureKind(kind)}${statusCode ? ` (last status ${statusCode})` : ''}`;
    super(`${publisher} publisher: POST ${redacted} failed after ${attempts} attempt(s): ${what}${cause ? `: ${cause}` : ''}`, options);
    this.kind = kind;
    this.publisher = publisher;
    this.target = redacted;
  }
}

/** Options of {@link HttpPublishError}. */
export interface HttpPublishErrorOptions extends ErrorOptions {
  readonly kind?: PublisherFailureKind;
  readonly publisher?: string;
}
