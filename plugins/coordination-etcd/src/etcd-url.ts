/**
 * `[coordination] backend_url` for etcd, read as tooz reads it: `etcd3://HOST:PORT` (tooz's grpc
 * driver), `etcd3+http://` and `etcd3+https://` (tooz's etcd3gw driver, which talks to etcd's JSON
 * gateway; we speak gRPC to the same client port). Query parameters as tooz names them: `timeout`,
 * `ca_cert`, `cert_key`, `cert_cert`, `api_version` (accepted, unused by gRPC), `protocol` (only
 * when it agrees with the scheme); a repeated parameter takes its last value (tooz's
 * `utils.collapse`). `membership_timeout` (or else `timeout`) is the lease TTL, read by the
 * coordination library's `parseCoordinationUrl` into the driver's `membershipTimeoutMs`.
 */
import { lastParam } from '@ceilometer-ts/coordination';
import { CoordinationUrlError, redactUrl } from '@ceilometer-ts/sdk';

/** The URL schemes this driver serves (the entry point names). */
export const ETCD_SCHEMES = ['etcd3', 'etcd3+http', 'etcd3+https'] as const;

const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = 2379;
/** A single etcd call (not a stream) slower than this counts as an outage. */
const MAX_CALL_TIMEOUT_MS = 5_000;

/** How to reach etcd, derived from the URL. */
export interface EtcdConnectionSettings {
  /** `http://host:port` or `https://host:port` (the etcd3 client picks TLS from the prefix). */
  readonly host: string;
  readonly secure: boolean;
  /** Paths of PEM files (tooz's names). */
  readonly caCert?: string;
  readonly certKey?: string;
  readonly certCert?: string;
  /** etcd user from the URL's userinfo, if any. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Lease TTL in whole seconds (etcd's unit; at least 1). */
  readonly leaseTtlSeconds: number;
  /** Deadline of one call and of dialling. */
  readonly callTimeoutMs: number;
}

function positiveSeconds(url: URL, name: string): number | undefined {
  const raw = lastParam(url, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new CoordinationUrlError(`${redactUrl(url.href)}: ${name} must be a positive number of seconds, got "${raw}"`);
  }
  return value;
}

/**
 * Reads an etcd backend URL. `membershipTimeoutMs` (from the URL, as the coordination library
 * computed it) is the lease TTL; the `timeout` parameter also bounds one call.
 * @throws CoordinationUrlError for another scheme or a bad parameter.
 */
export function parseEtcdUrl(url: URL, membershipTimeoutMs: number): EtcdConnectionSettings {
  const scheme = url.protocol.replace(/:$/, '');
  if (!(ETCD_SCHEMES as readonly string[]).includes(scheme)) {
    throw new CoordinationUrlError(`${redactUrl(url.href)}: not an etcd URL (expected ${ETCD_SCHEMES.map((s) => `${s}://`).join(', ')})`);
  }
  const caCert = lastParam(url, 'ca_cert');
  const certKey = lastParam(url, 'cert_key');
  const certCert = lastParam(url, 'cert_cert');
  if ((certKey === undefined) !== (certCert === undefined)) {
    throw new CoordinationUrlError(`${redactUrl(url.href)}: cert_key and cert_cert go together (client certificate and its key)`);
  }
  // tooz: etcd3+https is TLS; the grpc driver (etcd3://) is TLS when given a CA
  const secure = scheme === 'etcd3+https' || (scheme === 'etcd3' && caCert !== undefined);
  // NOTE: tooz once documented a `protocol` option but never read it (the scheme decides since
  // tooz 2.3): one that contradicts the scheme is refused rather than silently speaking plain text
  const protocol = lastParam(url, 'protocol');
  if (protocol !== undefined && protocol !== (secure ? 'https' : 'http')) {
    throw new CoordinationUrlError(`${redactUrl(url.href)}: protocol=${protocol} contradicts the scheme: use etcd3+${protocol === 'https' ? 'https' : 'http'}://`);
  }
  const hostname = url.hostname === '' ? DEFAULT_HOST : url.hostname;
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const socketSeconds = positiveSeconds(url, 'timeout');
  const callTimeoutMs = Math.min(socketSeconds !== undefined ? socketSeconds * 1000 : membershipTimeoutMs, MAX_CALL_TIMEOUT_MS);
  return {
    host: `${secure ? 'https' : 'http'}://${hostname}:${port}`,
    secure,
    ...(caCert !== undefined ? { caCert } : {}),
    ...(certKey !== undefined ? { certKey } : {}),
    ...(certCert !== undefined ? { certCert } : {}),
    ...(url.username !== '' ? { auth: { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } } : {}),
    leaseTtlSeconds: Math.max(1, Math.ceil(membershipTimeoutMs / 1000)),
    callTimeoutMs,
  };
}
