/**
 * Resource URLs of physical hosts (`snmp://user:key@10.0.0.5:161?priv_password=...`,
 * `local://localhost`): parsed once into a {@link HardwareHost} whose `resourceUrl` is safe to
 * publish, since samples carry it in `resource_metadata.resource_url` (Stein published the URL
 * verbatim, credentials included).
 */
import { InspectorError } from './errors.js';
import type { HardwareHost } from './hardware.js';

/**
 * Query parameters that carry secrets and never reach `resourceUrl`. Compared in lower case;
 * anything whose name contains `password`, `secret` or `key` is treated as secret as well.
 */
export const SECRET_HARDWARE_URL_PARAMS: ReadonlySet<string> = new Set(['priv_password', 'auth_password', 'authkey', 'privkey', 'community']);

function isSecretParam(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HARDWARE_URL_PARAMS.has(lower) || /password|secret|key/.test(lower);
}

/** Describes a URL for error messages without its credentials: `snmp://10.0.0.5:161`. */
function describeWithoutCredentials(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1').replace(/\?.*$/, '');
}

/**
 * Parses a hardware resource URL. `url` keeps the credentials (for the inspector only);
 * `resourceUrl` is `scheme://host[:port][/path]` plus the non-secret query parameters, with the
 * user, password and secret parameters removed; `hostname` has no brackets around IPv6 addresses.
 * @throws InspectorError when the string is not an absolute URL with a host (the message never
 *   repeats credentials).
 * @example parseHardwareResourceUrl('snmp://ro:secret@10.0.0.5?auth_proto=sha&priv_password=x')
 *   // { hostname: '10.0.0.5', resourceUrl: 'snmp://10.0.0.5?auth_proto=sha', url: URL {...} }
 */
export function parseHardwareResourceUrl(url: string): HardwareHost {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch (err) {
    throw new InspectorError(`invalid hardware resource URL "${describeWithoutCredentials(url)}": not an absolute URL`, { cause: err });
  }
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) {
    throw new InspectorError(`invalid hardware resource URL "${describeWithoutCredentials(url)}": no host`);
  }
  const kept = new URLSearchParams();
  for (const [name, value] of parsed.searchParams) {
    if (!isSecretParam(name)) kept.append(name, value);
  }
  const query = kept.toString();
  const resourceUrl = `${parsed.protocol}//${parsed.host}${parsed.pathname}${query ? `?${query}` : ''}`;
  return Object.freeze({ url: parsed, resourceUrl, hostname });
}
