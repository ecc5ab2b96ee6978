/**
 * Errors of the TCP publisher.
 */
import { CeilometerError, redactUrl } from '@ceilometer-ts/sdk';
import { describeFailureKind, type PublisherFailureKind } from '@ceilometer-ts/publisher-common';

/** Options of {@link TcpPublishError}. */
export interface TcpPublishErrorOptions extends ErrorOptions {
  /** What went wrong (default `error`). */
  readonly kind?: PublisherFailureKind;
  /** The publisher URL (shown redacted); default `tcp://host:port`. */
  readonly url?: string;
}

/**
 * A batch was not written: no connection in time (`connect-timeout`), the collector stopped
 * taking data (`write-timeout`), the call ran out of `publish_timeout`, the collector refused or
 * reset the connection (also after reconnecting once), or the publisher was closed.
 */
export class TcpPublishError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_TCP_SEND' as const;
  readonly kind: PublisherFailureKind;
  /** The publisher URL, credentials masked. */
  readonly url: string;
  constructor(readonly host: string, readonly port: number, readonly count: number, options?: TcpPublishErrorOptions) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    const kind = options?.kind ?? 'error';
    const url = redactUrl(options?.url ?? `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`);
    super(`tcp publisher ${url}: ${describeFailureKind(kind)}: ${count} sample(s) not sent${cause ? `: ${cause}` : ''}`, options);
    this.kind = kind;
    this.url = url;
  }
}
