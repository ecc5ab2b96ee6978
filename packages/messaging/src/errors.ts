import { CeilometerError, redactUrl } from '@ceilometer-ts/sdk';

/**
 * A transport URL oslo.messaging would refuse too (no scheme, bad port, unbalanced IPv6 brackets).
 * The URL is kept (and shown) with its passwords masked: error messages end up on stderr and in logs.
 */
export class InvalidTransportUrlError extends CeilometerError {
  readonly code = 'CEILO_ERR_MESSAGING_TRANSPORT_URL' as const;
  /** The URL, passwords masked. */
  readonly url: string;
  constructor(url: string, readonly reason: string) {
    const redacted = redactUrl(url);
    super(`invalid transport URL ${redacted}: ${reason}`);
    this.url = redacted;
  }
}

/** A received AMQP message is not an oslo.messaging message (not JSON, bad envelope, wrong version). */
export class MalformedMessageError extends CeilometerError {
  readonly code = 'CEILO_ERR_MESSAGING_MALFORMED' as const;
}

/** A notification was dropped before the broker confirmed it (outage queue full, retries exhausted, closed, withdrawn by its sender). */
export class NotificationDroppedError extends CeilometerError {
  readonly code = 'CEILO_ERR_MESSAGING_DROPPED' as const;
  constructor(message: string, readonly reason: 'overflow' | 'retries' | 'closed' | 'disconnected' | 'cancelled', options?: ErrorOptions) {
    super(message, options);
  }
}

/** The messaging client was used after close(). */
export class MessagingClosedError extends CeilometerError {
  readonly code = 'CEILO_ERR_MESSAGING_CLOSED' as const;
}

/** A listener given a start deadline was not consuming by then (it has stopped). */
export class ListenerStartTimeoutError extends CeilometerError {
  readonly code = 'CEILO_ERR_MESSAGING_START_TIMEOUT' as const;
  constructor(readonly url: string, readonly timeoutMs: number, readonly lastError?: string) {
    super(`listener on ${url} not consuming within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}; stopped`);
  }
}
