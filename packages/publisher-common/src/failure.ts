/**
 * What went wrong when a network publisher could not deliver, in words an operator can act on.
 * (Publisher URLs in messages go through the sdk's `redactUrl`.)
 */

/**
 * The kind of a delivery failure:
 * - `connect-timeout`: no connection within the connect timeout;
 * - `write-timeout`: the peer accepted the connection but did not take the data in time;
 * - `response-timeout`: the request was sent but no answer came in time (HTTP);
 * - `publish-timeout`: the whole call (connects, writes, retries, waiting for a broker) ran out of time;
 * - `refused`, `reset`, `unreachable`, `dns`: what the network said;
 * - `http-status`: the server answered with a retryable error status (5xx, 429);
 * - `broker-unavailable`, `dropped`: the notifier's broker was away or its outbox gave the message up;
 * - `closed`: the publisher was closed while the call waited;
 * - `storage`: a local file could not be written (full disk, read-only or immutable file, I/O error);
 * - `error`: anything else (see the cause).
 */
export type PublisherFailureKind =
  | 'connect-timeout'
  | 'write-timeout'
  | 'response-timeout'
  | 'publish-timeout'
  | 'refused'
  | 'reset'
  | 'unreachable'
  | 'dns'
  | 'http-status'
  | 'broker-unavailable'
  | 'dropped'
  | 'closed'
  | 'storage'
  | 'error';

const BY_CODE: Readonly<Record<string, PublisherFailureKind>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ERR_STREAM_DESTROYED: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
};

/** The failure kind of a Node network error, from its `code` (`ECONNREFUSED` is `refused`, ...). */
export function failureKindOf(err: unknown): PublisherFailureKind {
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && BY_CODE[code]) || 'error';
}

const PHRASES: Readonly<Partial<Record<PublisherFailureKind, string>>> = {
  refused: 'connection refused',
  reset: 'connection reset',
  unreachable: 'host unreachable',
  dns: 'name resolution failed',
  'http-status': 'HTTP error status',
  storage: 'file system error',
};

/** A short phrase for logs: `connect-timeout` reads `connect timeout`, `refused` reads `connection refused`. */
export function describeFailureKind(kind: PublisherFailureKind): string {
  return PHRASES[kind] ?? kind.replace(/-/g, ' ');
}
