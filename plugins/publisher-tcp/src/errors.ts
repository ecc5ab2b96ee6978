/**
 * Errors of the TCP publisher.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** A batch could not be written, even after reconnecting once. */
export class TcpPublishError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_TCP_SEND' as const;
  constructor(readonly host: string, readonly port: number, readonly count: number, options?: ErrorOptions) {
    const cause = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    super(`Unable to reconnect and resend ${count} sample(s) over TCP to ${host}:${port}: ${cause}`, options);
  }
}
