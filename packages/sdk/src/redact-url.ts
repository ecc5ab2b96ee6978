/**
 * URL redaction, the one implementation every log line and error message goes through: core's
 * logger, the pipeline's publisher URLs, messaging's transport URLs and the plugins (which cannot
 * import the core) all use this.
 */

/** What a masked password (or secret query value) reads as. */
export const PASSWORD_MASK = '***';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const QUERY_PAIR = /([?&])([^=&#]+)=([^&#]*)/g;
const SECRET_PARAM = /pass|secret|token|credential|auth|api[_-]?key/i;

/** Masks the password of one `user:password@host` group: from the first `:` to the last `@`. */
function maskUserinfo(group: string): string {
  const at = group.lastIndexOf('@');
  if (at < 0) return group;
  const colon = group.indexOf(':');
  if (colon < 0 || colon > at) return group;
  return `${group.slice(0, colon + 1)}${PASSWORD_MASK}${group.slice(at)}`;
}

/**
 * Masks every password of an authority, multi-host transport URLs (`u:p@h1:5672,u2:p2@h2:5672`)
 * included. A comma may also sit inside a password (`u:pa,ss@h`), so a piece without `@` is joined
 * to the piece after it: it can only be a credential-less host or part of a password, and when in
 * doubt the password must not show.
 */
function maskAuthority(authority: string): string {
  const out: string[] = [];
  let pending: string[] = [];
  for (const piece of authority.split(',')) {
    pending.push(piece);
    if (!piece.includes('@')) continue;
    out.push(maskUserinfo(pending.join(',')));
    pending = [];
  }
  return [...out, ...pending].join(',');
}

/**
 * A URL safe to print: the password of every userinfo masked (the host starts after the last `@`,
 * as Python's `urlsplit` and oslo.messaging read it, so `rabbit://u:secret@123@h:5672/` keeps user
 * `u` and host `h`; `,`, `:`, `/` and `%` in a password are masked too), and the values of
 * secret-looking query parameters (`password=`, `token=`, `api_key=`, ...) masked. A `?` or `#` in a
 * password must be percent-encoded (urlsplit ends the authority there too). Anything that is not
 * `scheme://...` is returned unchanged. Never throws.
 * @example redactUrl('rabbit://u:p@h1:5672,u2:p,w@h2:5672/') === 'rabbit://u:***@h1:5672,u2:***@h2:5672/'
 */
export function redactUrl(url: string): string {
  const scheme = SCHEME.exec(url)?.[0];
  if (scheme === undefined) return url;
  const body = url.slice(scheme.length);
  const headEnd = body.search(/[?#]/);
  const head = headEnd < 0 ? body : body.slice(0, headEnd);
  // NOTE: the authority normally ends at the first `/`, but a `/` inside a password would then leak
  // its start, so it ends at the first `/` after the last `@` (a path rarely holds `user:x@`).
  const at = head.lastIndexOf('@');
  const slash = head.indexOf('/', at + 1);
  const authorityEnd = at < 0 ? 0 : slash < 0 ? head.length : slash;
  const authority = maskAuthority(body.slice(0, authorityEnd));
  const rest = body.slice(authorityEnd);
  const query = rest.includes('=') ? rest.replace(QUERY_PAIR, (whole, sep: string, key: string) => (SECRET_PARAM.test(key) ? `${sep}${key}=${PASSWORD_MASK}` : whole)) : rest;
  return `${scheme}${authority}${query}`;
}
