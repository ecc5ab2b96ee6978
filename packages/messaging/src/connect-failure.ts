/**
 * What a failed AMQP connection attempt means for the operator: the broker is not there (yet), it
 * refused our credentials, or something else. The reconnect loop logs each kind differently (an
 * authentication refusal is a configuration problem, a refused port usually a broker still booting).
 */

/** Why a connection attempt failed. */
export type ConnectFailureKind = 'auth' | 'vhost' | 'unreachable' | 'timeout' | 'other';

/** A classified connection failure. */
export interface ConnectFailure {
  readonly kind: ConnectFailureKind;
  /** The error's message, as amqplib or the socket gave it. */
  readonly message: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Classifies an error thrown by `amqp.connect`. */
export function classifyConnectFailure(error: unknown): ConnectFailure {
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  // amqplib: 'Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused ..."'
  if (/ACCESS[-_]REFUSED/.test(message)) return { kind: 'auth', message };
  // 530 NOT_ALLOWED - vhost not found, or the user has no access to it
  if (/NOT[-_]ALLOWED/.test(message)) return { kind: 'vhost', message };
  if (typeof code === 'string' && UNREACHABLE.has(code)) return { kind: 'unreachable', message };
  if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(message)) return { kind: 'timeout', message };
  if (/socket closed|Socket closed abruptly|ECONNRESET/i.test(message)) return { kind: 'unreachable', message };
  return { kind: 'other', message };
}

/** A short, operator-facing explanation of a failure kind. */
export function connectFailureHint(kind: ConnectFailureKind): string {
  switch (kind) {
    case 'auth':
      return 'the broker refused the credentials (ACCESS_REFUSED): check the user and password of the transport URL';
    case 'vhost':
      return 'the broker refused the virtual host (NOT_ALLOWED): check that it exists and that the user may use it';
    case 'unreachable':
      return 'the broker is not reachable';
    case 'timeout':
      return 'the broker did not answer in time';
    case 'other':
      return 'the connection failed';
  }
}
