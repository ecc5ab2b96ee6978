/** What a masked password reads as. */
export const PASSWORD_MASK = '***';

const SCHEME_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)([\s\S]*)$/;

/** Masks the password of one `user:password@host` authority; the host starts after the LAST `@`. */
function maskHost(hostPart: string): string {
  const at = hostPart.lastIndexOf('@');
  if (at < 0) return hostPart;
  const userinfo = hostPart.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return hostPart;
  return `${userinfo.slice(0, colon + 1)}${PASSWORD_MASK}${hostPart.slice(at)}`;
}

/**
 * Masks the password in a URL's userinfo: `rabbit://openstack:secret@123@127.0.0.1:5672/` becomes
 * `rabbit://openstack:***@127.0.0.1:5672/`. The host starts after the last `@` of the authority, as
 * Python's `urlsplit` reads it; oslo.messaging's multi-host form (`u:p@h1,u2:p2@h2`) is masked per host.
 * Anything that is not `scheme://...` is returned unchanged.
 */
export function redactUrl(url: string): string {
  const m = SCHEME_AUTHORITY.exec(url);
  if (!m) return url;
  const [, scheme = '', authority = '', rest = ''] = m;
  if (!authority.includes('@')) return url;
  const hosts = authority.split(',');
  // NOTE: a comma may also sit inside a password; only split when every piece looks like a host of its own.
  const masked = hosts.length > 1 && hosts.every((h) => h.includes('@')) ? hosts.map(maskHost).join(',') : maskHost(authority);
  return `${scheme}${masked}${rest}`;
}
