/**
 * `[coordination] backend_url` → ioredis options, accepting what tooz's redis driver accepts:
 * `redis://[:password@]host[:port][/db]`, `rediss://` (TLS), `?sentinel=NAME` with repeated
 * `sentinel_fallback=host:port`, `sentinel_password`, `ssl`, `ssl_ca_certs`, `ssl_certfile`,
 * `ssl_keyfile`, `ssl_cert_reqs=none`, `db`, `password`, `username`, and `namespace` (key prefix).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { lastParam } from '@ceilometer-ts/coordination';
import { CoordinationUrlError, redactUrl } from '@ceilometer-ts/sdk';
import type { RedisOptions } from 'ioredis';

/** Key prefix when the URL names none (tooz uses `_tooz`; ours keeps the two apart on one Redis). */
export const DEFAULT_NAMESPACE = '_ceilometer_ts';

const TRUE = new Set(['1', 'true', 'yes', 'on']);

/** Connection settings read from the URL, before the driver adds its timeouts and retry policy. */
export interface RedisUrlSettings {
  readonly options: RedisOptions;
  readonly namespace: string;
}

function hostPort(url: URL, text: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text.trim());
  if (!m) throw new CoordinationUrlError(`${redactUrl(url.href)}: sentinel_fallback=${text} is not host:port`);
  return { host: m[1]!, port: Number(m[2] ?? 26379) };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function tlsOptions(url: URL): ConnectionOptions | undefined {
  const wanted = url.protocol === 'rediss:' || TRUE.has((lastParam(url, 'ssl') ?? '').toLowerCase());
  if (!wanted) return undefined;
  const read = (name: string): Buffer | undefined => {
    const path = lastParam(url, name);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new CoordinationUrlError(`${redactUrl(url.href)}: ${name}=${path} cannot be read: ${(error as Error).message}`, { cause: error });
    }
  };
  const ca = read('ssl_ca_certs');
  const cert = read('ssl_certfile');
  const key = read('ssl_keyfile');
  const reqs = (lastParam(url, 'ssl_cert_reqs') ?? 'required').toLowerCase();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    // SNI carries names only (RFC 6066): an address is checked against the certificate's IP SANs
    ...(isIP(host) ? {} : { servername: host }),
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    // tooz passes ssl_cert_reqs to redis-py: `none` skips verification
    rejectUnauthorized: reqs !== 'none' && reqs !== 'cert_none',
  };
}

/** Reads the URL; throws CoordinationUrlError for a bad db number or sentinel address. */
export function redisSettingsFromUrl(url: URL): RedisUrlSettings {
  const host = url.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = url.port ? Number(url.port) : 6379;
  const dbText = lastParam(url, 'db') ?? url.pathname.replace(/^\/+/, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new CoordinationUrlError(`${redactUrl(url.href)}: db ${dbText} is not a database number`);
  const password = lastParam(url, 'password') ?? (url.password ? decoded(url.password) : undefined);
  const username = lastParam(url, 'username') ?? (url.username ? decoded(url.username) : undefined);
  const tls = tlsOptions(url);
  const base: RedisOptions = {
    db,
    ...(password !== undefined ? { password } : {}),
    ...(username ? { username } : {}),
    ...(tls ? { tls } : {}),
  };
  const namespace = lastParam(url, 'namespace') ?? DEFAULT_NAMESPACE;
  const sentinel = lastParam(url, 'sentinel');
  if (sentinel === undefined) return { options: { ...base, host, port }, namespace };
  // tooz: the URL's host is the first sentinel, sentinel_fallback adds the others
  const sentinels = [{ host, port: url.port ? port : 26379 }, ...url.searchParams.getAll('sentinel_fallback').map((text) => hostPort(url, text))];
  const sentinelPassword = lastParam(url, 'sentinel_password');
  const sentinelUsername = lastParam(url, 'sentinel_username');
  const sentinelSsl = TRUE.has((lastParam(url, 'sentinel_ssl') ?? '').toLowerCase());
  return {
    options: {
      ...base,
      sentinels,
      name: sentinel,
      ...(sentinelPassword !== undefined ? { sentinelPassword } : {}),
      ...(sentinelUsername !== undefined ? { sentinelUsername } : {}),
      ...(sentinelSsl ? { enableTLSForSentinelMode: true, sentinelTLS: tls ?? {} } : {}),
    },
    namespace,
  };
}
