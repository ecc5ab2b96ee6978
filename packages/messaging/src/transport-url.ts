/**
 * Transport URLs parsed exactly as oslo.messaging's `TransportURL.parse` does (on top of Python's
 * `urllib.parse.urlparse`): `driver://[user:pass@]host:port[,[userN:passN@]hostN:portN]/virtual_host?query`.
 */
import { PASSWORD_MASK, redactUrl } from '@ceilometer-ts/sdk';
import { InvalidTransportUrlError } from './errors.js';

/** One broker of a transport URL; absent parts are null, as in oslo's `TransportHost`. */
export interface TransportHost {
  readonly hostname: string | null;
  readonly port: number | null;
  readonly username: string | null;
  readonly password: string | null;
}

/** A parsed transport URL (oslo's `TransportURL`). */
export interface TransportUrl {
  /** Scheme, lower-cased: `rabbit`, `kombu+memory`, ... */
  readonly transport: string;
  /** `null` when the URL has no path, `''` for a bare trailing `/`, else the percent-decoded path after the first `/`. */
  readonly virtualHost: string | null;
  readonly hosts: readonly TransportHost[];
  /** Query options; repeated keys are joined with `,`, blank values dropped (oslo's `parse_qs` use). */
  readonly query: Readonly<Record<string, string>>;
}

const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;

/** Python's `urllib.parse.unquote`: decodes %XX runs as UTF-8 (invalid bytes become U+FFFD). */
export function pyUnquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  });
}

/** Python's `urllib.parse.quote(text, safe)`: percent-encodes UTF-8 bytes except unreserved and `safe`. */
export function pyQuote(text: string, safe = '/'): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~]/.test(ch) || (byte < 128 && safe.includes(ch)) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function parseQuery(query: string): Record<string, string> {
  const grouped = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue; // no '=' and keep_blank_values=False: ignored
    const value = pair.slice(eq + 1);
    if (!value) continue;
    const name = pyUnquote(pair.slice(0, eq).replace(/\+/g, ' '));
    const list = grouped.get(name) ?? [];
    list.push(pyUnquote(value.replace(/\+/g, ' ')));
    grouped.set(name, list);
  }
  return Object.fromEntries([...grouped].map(([k, v]) => [k, v.join(',')]));
}

function parsePort(text: string, url: string): number {
  const trimmed = text.trim();
  // Python int(): optional sign, digits, single underscores between digits
  // NOTE: the text is not echoed: in `u:pa,ss@h` oslo reads `u:pa` as a host and `pa` as its port.
  if (!/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) throw new InvalidTransportUrlError(url, 'invalid port (not an integer)');
  return Number(trimmed.replace(/_/g, ''));
}

/** Splits a URL the way `urllib.parse.urlsplit` does (scheme, netloc, path, query; fragment dropped). */
function urlSplit(raw: string): { scheme: string; netloc: string; path: string; query: string } {
  // NOTE: urlsplit strips leading C0 controls/spaces and removes tab, CR and LF anywhere
  let rest = raw.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z]/.test(rest) && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    let end = rest.length;
    for (const c of '/?#') {
      const i = rest.indexOf(c, 2);
      if (i >= 0 && i < end) end = i;
    }
    netloc = rest.slice(2, end);
    rest = rest.slice(end);
    if (netloc.includes('[') !== netloc.includes(']')) throw new InvalidTransportUrlError(raw, 'Invalid IPv6 URL');
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { scheme, netloc, path: rest, query };
}

/**
 * Parses a transport URL like oslo.messaging's `TransportURL.parse`. The password may contain `@`
 * (the last `@` of each host ends the credentials): `rabbit://openstack:secret@123@127.0.0.1:5672/`
 * gives user `openstack`, password `secret@123`, host `127.0.0.1`, port 5672 and virtual host `''`.
 * @throws InvalidTransportUrlError when oslo would raise (no scheme, bad port, unbalanced brackets).
 */
export function parseTransportUrl(url: string): TransportUrl {
  const { scheme, netloc, path, query } = urlSplit(url);
  if (!scheme) throw new InvalidTransportUrlError(url, 'No scheme specified');
  const virtualHost = path.startsWith('/') ? pyUnquote(path.slice(1)) : null;
  const hosts: TransportHost[] = [];
  for (const part of netloc.split(',')) {
    if (!part) continue;
    let hostname: string | null = part;
    let username: string | null = null;
    let password: string | null = null;
    let portText: string | null = null;
    const at = part.lastIndexOf('@');
    if (at >= 0) {
      let user = part.slice(0, at);
      hostname = part.slice(at + 1);
      const c = user.indexOf(':');
      if (c >= 0) {
        password = pyUnquote(user.slice(c + 1));
        user = user.slice(0, c);
      }
      username = pyUnquote(user);
    }
    if (!hostname) {
      hostname = null;
    } else if (hostname.startsWith('[')) {
      const end = hostname.indexOf(']');
      if (end < 0) throw new InvalidTransportUrlError(url, 'Invalid IPv6 URL');
      const tail = hostname.slice(end);
      hostname = hostname.slice(1, end);
      const pc = tail.indexOf(':');
      if (pc >= 0) portText = tail.slice(pc + 1);
    } else if (hostname.includes(':')) {
      const pc = hostname.indexOf(':');
      portText = hostname.slice(pc + 1);
      hostname = hostname.slice(0, pc);
    }
    const port = portText === null || portText === '' ? null : parsePort(portText, url);
    hosts.push({ hostname, port, username, password });
  }
  return { transport: scheme, virtualHost, hosts, query: parseQuery(query) };
}

/** Formats a parsed URL back into a string, as oslo's `str(TransportURL)` does. */
export function formatTransportUrl(url: TransportUrl, options: { redactPasswords?: boolean } = {}): string {
  const netlocs = url.hosts.map((h) => {
    let netloc = '';
    if (h.username !== null || h.password !== null) {
      if (h.username !== null) netloc += pyQuote(h.username, '');
      if (h.password !== null) netloc += `:${options.redactPasswords ? PASSWORD_MASK : pyQuote(h.password, '')}`;
      netloc += '@';
    }
    if (h.hostname) netloc += h.hostname.includes(':') ? `[${h.hostname}]` : h.hostname;
    if (h.port !== null) netloc += `:${h.port}`;
    return netloc;
  });
  let out = `${url.transport}://${netlocs.join(',')}/`;
  if (url.virtualHost) out += pyQuote(url.virtualHost);
  const entries = Object.entries(url.query);
  if (entries.length) out += `?${entries.map(([k, v]) => `${pyQuote(k, '').replace(/%20/g, '+')}=${pyQuote(v, '').replace(/%20/g, '+')}`).join('&')}`;
  return out;
}

/**
 * Hides the passwords of a transport URL for logs, keeping everything else as written:
 * `rabbit://openstack:***@127.0.0.1:5672/`. The sdk's {@link redactUrl} (the one redaction of the
 * project), under the name this package has always exported.
 */
export const redactTransportUrl: (url: string) => string = redactUrl;
