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

/** Lexicographic order of OIDs by numeric arcs: negative when a sorts before b. Allocation-free. */
export function compareOids(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    let x = 0;
    let y = 0;
    let c: number;
    while (i < a.length && (c = a.charCodeAt(i)) !== 46) {
      x = x * 10 + (c - 48);
      i++;
    }
    while (j < b.length && (c = b.charCodeAt(j)) !== 46) {
      y = y * 10 + (c - 48);
      j++;
    }
    if (x !== y) return x - y;
    i++;
    j++;
  }
  return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
}
