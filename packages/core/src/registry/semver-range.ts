/**
 * A small semver range check, enough for the sdk `peerDependencies` check (fastify's idea): `^`, `~`,
 * comparators (`>=`, `>`, `<=`, `<`, `=`), x-ranges (`1.x`, `1.2.*`, `*`), hyphen ranges and `||`.
 * No dependency on the `semver` package, on purpose: the core stays small.
 */

/** A parsed `major.minor.patch[-prerelease]` version. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
}

interface Comparator {
  readonly op: '<' | '<=' | '>' | '>=' | '=';
  readonly version: SemVer;
  /** An upper bound we made up (`<2.0.0-0` for `^1`): it does not let prereleases in. */
  readonly synthetic?: boolean;
}

const VERSION_RE = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses a full version; undefined when it is not one. */
export function parseVersion(text: string): SemVer | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const prerelease = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease };
}

/** Compares two versions: negative, zero or positive (prereleases sort before their release). */
export function compareVersions(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const v = (major: number, minor: number, patch: number, prerelease: readonly (string | number)[] = []): SemVer => ({
  major, minor, patch, prerelease,
});

/** `1`, `1.2`, `1.x`, `1.2.*`, `1.2.3-beta.1`: the numbers given and how many are wildcards. */
interface PartialVersion {
  readonly parts: readonly number[];
  readonly prerelease: readonly (string | number)[];
}

function parsePartial(text: string): PartialVersion | undefined {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m) return undefined;
  const parts: number[] = [];
  for (const p of [m[1], m[2], m[3]]) {
    if (p === undefined || /^[xX*]$/.test(p)) break;
    parts.push(Number(p));
  }
  const prerelease = m[4] && parts.length === 3 ? (parseVersion(`0.0.0-${m[4]}`)?.prerelease ?? []) : [];
  return { parts, prerelease };
}

/** Lower bound and exclusive upper bound of a partial (`1.2` is `>=1.2.0 <1.3.0-0`). */
function partialBounds(p: PartialVersion): Comparator[] {
  const [ma, mi, pa] = p.parts;
  if (ma === undefined) return [];
  if (mi === undefined) return [{ op: '>=', version: v(ma, 0, 0) }, { op: '<', version: v(ma + 1, 0, 0, [0]), synthetic: true }];
  if (pa === undefined) return [{ op: '>=', version: v(ma, mi, 0) }, { op: '<', version: v(ma, mi + 1, 0, [0]), synthetic: true }];
  return [{ op: '=', version: v(ma, mi, pa, p.prerelease) }];
}

function caret(p: PartialVersion): Comparator[] {
  const [ma = 0, mi, pa] = p.parts;
  const low = v(ma, mi ?? 0, pa ?? 0, p.prerelease);
  let high: SemVer;
  if (ma > 0 || mi === undefined) high = v(ma + 1, 0, 0, [0]);
  else if (mi > 0 || pa === undefined) high = v(0, mi + 1, 0, [0]);
  else high = v(0, 0, pa + 1, [0]);
  return [{ op: '>=', version: low }, { op: '<', version: high, synthetic: true }];
}

function tilde(p: PartialVersion): Comparator[] {
  const [ma = 0, mi, pa] = p.parts;
  const low = v(ma, mi ?? 0, pa ?? 0, p.prerelease);
  const high = mi === undefined ? v(ma + 1, 0, 0, [0]) : v(ma, mi + 1, 0, [0]);
  return [{ op: '>=', version: low }, { op: '<', version: high, synthetic: true }];
}

function comparatorsFor(token: string): Comparator[] | undefined {
  const m = /^(\^|~>?|>=|<=|>|<|=)?\s*(.*)$/.exec(token);
  const op = m?.[1] ?? '';
  const p = parsePartial(m?.[2] ?? '');
  if (!p) return undefined;
  if (op === '^') return caret(p);
  if (op.startsWith('~')) return tilde(p);
  if (op === '' || op === '=') return partialBounds(p);
  const [ma = 0, mi = 0, pa = 0] = p.parts;
  const n = p.parts.length;
  if (n === 0) return op === '<' || op === '>' ? [{ op: '<', version: v(0, 0, 0, [0]), synthetic: true }] : [];
  const exact = n === 3;
  switch (op) {
    case '>=': return [{ op: '>=', version: v(ma, mi, pa, p.prerelease) }];
    case '<': return [exact ? { op: '<', version: v(ma, mi, pa, p.prerelease) } : { op: '<', version: v(ma, mi, pa, [0]), synthetic: true }];
    case '>': return [exact ? { op: '>', version: v(ma, mi, pa, p.prerelease) } : { op: '>=', version: n === 1 ? v(ma + 1, 0, 0) : v(ma, mi + 1, 0) }];
    case '<=': return [exact ? { op: '<=', version: v(ma, mi, pa, p.prerelease) } : { op: '<', version: n === 1 ? v(ma + 1, 0, 0, [0]) : v(ma, mi + 1, 0, [0]), synthetic: true }];
    default: return undefined;
  }
}

function test(c: Comparator, version: SemVer): boolean {
  const d = compareVersions(version, c.version);
  switch (c.op) {
    case '<': return d < 0;
    case '<=': return d <= 0;
    case '>': return d > 0;
    case '>=': return d >= 0;
    case '=': return d === 0;
  }
}

function parseSet(set: string): Comparator[] | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set);
  if (hyphen) {
    const from = comparatorsFor(`>=${hyphen[1]}`);
    const to = comparatorsFor(`<=${hyphen[2]}`);
    return from && to ? [...from, ...to] : undefined;
  }
  // "> = 1.2" style spacing after an operator is legal in npm ranges.
  const tokens = set.replace(/(\^|~>?|>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
  const out: Comparator[] = [];
  for (const t of tokens) {
    const cs = comparatorsFor(t);
    if (!cs) return undefined;
    out.push(...cs);
  }
  return out;
}

/**
 * Whether `version` satisfies `range` (npm semantics). A prerelease version only satisfies a set
 * that names a prerelease of the same `major.minor.patch`. Invalid input never satisfies.
 */
export function satisfies(version: string, range: string): boolean {
  const ver = parseVersion(version);
  if (!ver) return false;
  for (const set of range.split('||')) {
    const comparators = parseSet(set.trim());
    if (!comparators || !comparators.every((c) => test(c, ver))) continue;
    if (ver.prerelease.length === 0) return true;
    const sameTuple = comparators.some(
      (c) => !c.synthetic && c.version.prerelease.length > 0 &&
        c.version.major === ver.major && c.version.minor === ver.minor && c.version.patch === ver.patch,
    );
    if (sameTuple) return true;
  }
  return false;
}

/** Whether `range` parses as a semver range (`workspace:` protocols are the caller's business). */
export function isValidRange(range: string): boolean {
  return range.split('||').every((set) => parseSet(set.trim()) !== undefined);
}
