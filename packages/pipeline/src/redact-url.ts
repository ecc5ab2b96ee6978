/**
 * Publisher URLs carry credentials (`http://user:pass@host`, `?password=`): logs and errors show
 * them only through this.
 */

const SECRET_PARAM = /pass|secret|token|credential|auth|api[_-]?key/i;
const MASK = '***';

/** The URL with its password and secret-looking query values replaced by `***`. */
export function redactUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return url;
  const head = url.slice(0, schemeEnd + 3);
  let rest = url.slice(schemeEnd + 3);

  // userinfo ends at the last `@` before the path: passwords may contain `@` themselves.
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const masked = colon >= 0 ? `${userinfo.slice(0, colon)}:${MASK}` : userinfo;
    rest = masked + rest.slice(at);
  }

  return head + rest.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, key: string) =>
    SECRET_PARAM.test(key) ? `${sep}${key}=${MASK}` : whole,
  );
}
