/**
 * oslo's `netutils.parse_host_port(netloc, default_port=4952)` for `udp://` and `tcp://` URLs:
 * `host`, `host:port`, `[v6]:port` or a bare IPv6 address.
 */
import { CeilometerError, redactUrl } from '@ceilometer-ts/sdk';

/** Upstream's default port of the udp and tcp publishers. */
export const DEFAULT_COLLECTOR_PORT = 4952;

/** The URL names no usable host or port. */
export class CollectorAddressError extends CeilometerError {
  readonly code = 'CEILO_ERR_PUBLISHER_ADDRESS' as const;
  /** The publisher URL, credentials masked. */
  readonly url: string;
  constructor(url: string, reason: string) {
    const redacted = redactUrl(url);
    super(`publisher ${redacted}: ${reason}`);
    this.url = redacted;
  }
}

/** A parsed address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Reads host and port from the URL's netloc (credentials ignored). */
export function parseHostPort(url: string, defaultPort = DEFAULT_COLLECTOR_PORT): HostPort {
  const netloc = (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? '').replace(/^.*@/, '');
  let host = netloc;
  let portText: string | undefined;
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(netloc);
  if (bracket) {
    host = bracket[1]!;
    portText = bracket[2];
  } else if (netloc.split(':').length === 2) {
    [host, portText] = netloc.split(':') as [string, string];
  }
  if (!host) throw new CollectorAddressError(url, 'a host is required');
  if (portText === undefined || portText === '') return { host, port: defaultPort };
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new CollectorAddressError(url, `invalid port "${portText}"`);
  return { host, port };
}
