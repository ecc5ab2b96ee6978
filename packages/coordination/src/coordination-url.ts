import { CoordinationUrlError, redactUrl } from '@ceilometer-ts/sdk';

/** tooz's default membership timeout, in seconds. */
export const DEFAULT_MEMBERSHIP_TIMEOUT_S = 30;

/** `[coordination] backend_url`, read. */
export interface CoordinationUrl {
  readonly url: URL;
  /** The `ceilometer.coordination` entry point that serves it: the scheme (`redis`, `rediss`, `etcd3+http`, ...). */
  readonly driverName: string;
  /** `membership_timeout` (tooz's redis driver) or else `timeout`, in seconds × 1000; default 30 s. */
  readonly membershipTimeoutMs: number;
  /** The URL with its password and secret parameters masked, for logs. */
  readonly redacted: string;
}

/** The last value of a query parameter, as tooz reads its options (`options[key][-1]`). */
export function lastParam(url: URL, name: string): string | undefined {
  return url.searchParams.getAll(name).at(-1);
}

function seconds(url: URL, name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new CoordinationUrlError(`[coordination] backend_url ${redactUrl(url.href)}: ${name}=${text} is not a positive number of seconds`);
  }
  return value;
}

/**
 * Reads `[coordination] backend_url`: the driver name is the scheme, and the membership timeout comes
 * from the `membership_timeout` or `timeout` query parameter as tooz reads them (seconds; a fraction is
 * accepted). Throws CoordinationUrlError for text that is not a `scheme://` URL or a bad timeout; an
 * unknown scheme is the registry's to report (no `ceilometer.coordination` entry point of that name).
 */
export function parseCoordinationUrl(text: string): CoordinationUrl {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch (error) {
    throw new CoordinationUrlError(`[coordination] backend_url ${redactUrl(text)} is not a URL`, { cause: error });
  }
  if (!/^[a-z][a-z0-9+.-]*:$/.test(url.protocol) || !text.includes('://')) {
    throw new CoordinationUrlError(`[coordination] backend_url ${redactUrl(text)} is not a scheme://host URL`);
  }
  const membership = lastParam(url, 'membership_timeout');
  const timeout = lastParam(url, 'timeout');
  const timeoutS =
    membership !== undefined
      ? seconds(url, 'membership_timeout', membership)
      : timeout !== undefined
        ? seconds(url, 'timeout', timeout)
        : DEFAULT_MEMBERSHIP_TIMEOUT_S;
  return { url, driverName: url.protocol.slice(0, -1), membershipTimeoutMs: Math.round(timeoutS * 1000), redacted: redactUrl(url.href) };
}
