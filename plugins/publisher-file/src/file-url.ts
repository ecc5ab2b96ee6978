/**
 * Reads a `file://` publisher URL the way upstream does with `urllib.parse`: the path is taken
 * literally (no percent-decoding, a host part is ignored) and the query keeps blank values.
 */

/** What the URL asks for. */
export interface FileUrlSettings {
  /** Empty when the URL has no path (`file://`): upstream logs an error and disables itself. */
  readonly path: string;
  readonly json: boolean;
  readonly maxBytes: number;
  readonly backupCount: number;
  /** Set when max_bytes or backup_count is not an integer (the publisher is disabled). */
  readonly error?: string;
}

const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const parsePyInt = (text: string): number | undefined => (PY_INT.test(text) ? Number(text.replaceAll('_', '')) : undefined);

/** Splits `file:[//netloc]path[?query][#fragment]` like `urlsplit`. */
export function parseFileUrl(url: string): FileUrlSettings {
  let rest = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, '');
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  let path = q >= 0 ? rest.slice(0, q) : rest;
  if (path.startsWith('//')) {
    const slash = path.indexOf('/', 2);
    path = slash >= 0 ? path.slice(slash) : '';
  }
  const params = new URLSearchParams(query);
  const settings = { path, json: params.has('json'), maxBytes: 0, backupCount: 0 };
  const maxBytes = params.get('max_bytes');
  const backupCount = params.get('backup_count');
  if (maxBytes !== null && backupCount !== null) {
    const m = parsePyInt(maxBytes);
    const b = parsePyInt(backupCount);
    if (m === undefined || b === undefined) return { ...settings, error: 'max_bytes and backup_count should be numbers.' };
    return { ...settings, maxBytes: m, backupCount: b };
  }
  return settings;
}
