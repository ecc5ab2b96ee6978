/**
 * What an `http://`-family publisher URL asks for, read as upstream's `HttpPublisher.__init__`:
 * the publisher's own query parameters and the basic-auth credentials are taken out, the rest of
 * the URL is the endpoint.
 */
import { HttpPublisherConfigError } from './errors.js';
import { boolFromString, parseQs, popParam, pyInt, urlencodeQs } from './py-params.js';
import { secondsToMs } from './timeouts.js';

/** The longest backoff between two attempts (also a share of the default `publish_timeout`). */
export const DEFAULT_BACKOFF_CAP_MS = 5_000;
/** Default `close_timeout` of the HTTP-based publishers. */
export const DEFAULT_HTTP_CLOSE_TIMEOUT_MS = 5_000;

/** Parsed publisher URL. */
export interface HttpSettings {
  /** The endpoint: scheme, host, port, path, remaining query and fragment, no credentials. */
  readonly target: string;
  /** `timeout` in seconds (default 5), as milliseconds: one attempt (connect, send, answer). */
  readonly timeoutMs: number;
  /** `max_retries` (default 2): retries after the first attempt. */
  readonly maxRetries: number;
  /** `connect_timeout` (ours; default `timeout`): name lookup, TCP connect and TLS handshake of one attempt. */
  readonly connectTimeoutMs: number;
  /** `publish_timeout` (ours; default `(timeout + 5) x (max_retries + 1)` s): one POST with every retry and backoff. */
  readonly publishTimeoutMs: number;
  /** `close_timeout` (ours; default 5 s): how long `close()` waits for POSTs in flight before aborting them. */
  readonly closeTimeoutMs: number;
  /** `batch` (default true): one POST per publish call, else one per item. */
  readonly batch: boolean;
  /** `verify_ssl` (default true): false skips verification, a non-boolean value is a CA bundle path. */
  readonly verifySsl: boolean | string;
  readonly clientCert?: string;
  readonly clientKey?: string;
  /** `raw_only` (default false, events): post each event's raw notification payload only. */
  readonly rawOnly: boolean;
  readonly username?: string;
  readonly password?: string;
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The host part as Python's urlsplit sees it (WHATWG reads `http:///path` as host `path`). */
function rawHostname(url: string): string {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.startsWith('[') ? host : host.replace(/:[^:]*$/, '');
}

/**
 * Reads a publisher URL. `http` and `https` keep their scheme; other schemes (`prometheus`,
 * `opentelemetryhttp`) post over https when `ssl` is true, else http.
 * @throws HttpPublisherConfigError without a host or with a bad port.
 */
export function parseHttpSettings(url: string): HttpSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new HttpPublisherConfigError(url, 'not a valid URL (is the port a number?)', { cause: err });
  }
  if (!parsed.hostname || !rawHostname(url)) throw new HttpPublisherConfigError(url, 'the hostname of an endpoint is required');
  const params = parseQs(parsed.search.slice(1));
  const timeout = pyInt(popParam(params, 'timeout'));
  const maxRetries = pyInt(popParam(params, 'max_retries'));
  const connectTimeoutMs = secondsToMs(popParam(params, 'connect_timeout'));
  const publishTimeoutMs = secondsToMs(popParam(params, 'publish_timeout'));
  const closeTimeoutMs = secondsToMs(popParam(params, 'close_timeout'));
  const batch = boolFromString(popParam(params, 'batch') ?? true) ?? true;
  const verifyText = popParam(params, 'verify_ssl');
  const verifySsl = verifyText === undefined ? true : (boolFromString(verifyText, true) ?? verifyText);
  const clientCert = popParam(params, 'clientcert');
  const clientKey = popParam(params, 'clientkey');
  const rawOnly = boolFromString(popParam(params, 'raw_only')) ?? false;
  let scheme = parsed.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') {
    const ssl = popParam(params, 'ssl');
    scheme = ssl !== undefined && (boolFromString(ssl, true) ?? true) ? 'https' : 'http';
  }
  const host = parsed.host;
  const query = urlencodeQs(params);
  const target = `${scheme}://${host}${parsed.pathname}${query ? `?${query}` : ''}${parsed.hash}`;
  // NOTE: upstream's int() accepts 0 and negatives, which requests reads as "fail at once"; keep a floor
  const timeoutMs = Math.max(timeout ?? 5, 0) * 1000 || 1;
  const retries = Math.max(maxRetries ?? 2, 0);
  return {
    target,
    timeoutMs,
    maxRetries: retries,
    connectTimeoutMs: connectTimeoutMs ?? timeoutMs,
    publishTimeoutMs: publishTimeoutMs ?? (timeoutMs + DEFAULT_BACKOFF_CAP_MS) * (retries + 1),
    closeTimeoutMs: closeTimeoutMs ?? DEFAULT_HTTP_CLOSE_TIMEOUT_MS,
    batch,
    verifySsl,
    ...(clientCert ? { clientCert } : {}),
    ...(clientCert && clientKey ? { clientKey } : {}),
    rawOnly,
    ...(parsed.username ? { username: decode(parsed.username), password: decode(parsed.password) } : {}),
  };
}

/** The target URL without its query string (safe to log). */
export function describeTarget(settings: HttpSettings): string {
  return settings.target.replace(/[?#].*$/, '');
}
