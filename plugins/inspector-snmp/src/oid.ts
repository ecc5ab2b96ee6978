/**
 * Dotted OID strings as the inspector exchanges them: no leading dot, numeric arcs only.
 */

const OID_RE = /^\d+(\.\d+)+$/;

/** Strips a leading dot and checks the form; throws a TypeError naming the bad OID. */
export function normalizeOid(oid: string): string {
  const trimmed = oid.trim().replace(/^\./, '');
  if (!OID_RE.test(trimmed)) throw new TypeError(`not a numeric OID: "${oid}"`);
  return trimmed;
}

/** True when `oid` lies strictly below `subtree` (on an arc boundary: 1.3.6.10 is not under 1.3.6.1). */
export function isUnder(oid: string, subtree: string): boolean {
  return oid.length > subtree.length && oid.charCodeAt(subtree.length) === 46 /* . */ && oid.startsWith(subtree);
}

/** True when `oid` is `subtree` itself or below it. */
export function isWithin(oid: string, subtree: string): boolean {
  return oid === subtree || isUnder(oid, subtree);
}

/** Lexicographic order of OIDs by numeric arcs: negative when a sorts before b. */
export function compareOids(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
