/**
 * Helpers of the compute compatibility tests: our `ceilometer-polling` and upstream Ceilometer
 * 19.0 (`runUpstreamPolling`) on the same libvirt URI, compared meter by meter.
 *
 * Volumes are compared by bracketing: upstream runs before (A) and after (B) ours, so a counter
 * that moves with time (the test driver derives CPU and NIC counters from the wall clock; a real
 * guest moves them by working) must read, in ours, between A's and B's value; a value that does
 * not move must be equal. Delta meters depend on when each agent polled its previous cycle: 0 on the
 * first cycle as upstream's, and later the difference of our own cumulative counter
 * between our two cycles ({@link deltaDiffs}).
 */
import { isDeepStrictEqual } from 'node:util';
import type { UpstreamSample } from '@ceilometer-ts/test-services';

/** The fields compared, from either side. */
export interface Comparable {
  readonly name: string;
  /** Polling timestamp (naive ISO UTC, as upstream). */
  readonly timestamp: string;
  readonly type: string;
  readonly unit: string;
  readonly volume: number;
  readonly resource_id: string;
  readonly user_id: string | null;
  readonly project_id: string | null;
  readonly resource_metadata: Record<string, unknown>;
}

/** Upstream's defect: network.outgoing.bytes.delta is emitted as network.outgoing.packets.delta (unit B). We do not copy it. */
export const UPSTREAM_RENAMES: Readonly<Record<string, string>> = { 'network.outgoing.packets.delta': 'network.outgoing.bytes.delta' };

/**
 * Units upstream master changed after 19.0 (memory meters: MB to MiB, the same quantity: 19.0
 * already divided KiB by 1024). We follow master; 19.0's unit is mapped before comparing.
 */
export const UPSTREAM_19_UNITS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'memory.usage': { MB: 'MiB' },
  'memory.resident': { MB: 'MiB' },
  'memory.swap.in': { MB: 'MiB' },
  'memory.swap.out': { MB: 'MiB' },
  // Cinder sizes: GB to GiB (the same number of GiB)
  'volume.size': { GB: 'GiB' },
  'volume.snapshot.size': { GB: 'GiB' },
  'volume.backup.size': { GB: 'GiB' },
};

/** Meters whose user_id 19.0 leaves out (None) and master fills in from the record (we follow master). */
export const UPSTREAM_19_NO_USER: ReadonlySet<string> = new Set(['volume.backup.size']);

export function fromUpstream(s: UpstreamSample): Comparable {
  const name = UPSTREAM_RENAMES[s.counter_name] ?? s.counter_name;
  return {
    name,
    timestamp: s.timestamp,
    type: s.counter_type,
    unit: UPSTREAM_19_UNITS[name]?.[s.counter_unit] ?? s.counter_unit,
    volume: Number(s.counter_volume),
    resource_id: s.resource_id,
    user_id: s.user_id,
    project_id: s.project_id,
    resource_metadata: s.resource_metadata,
  };
}

/** One `--poll-once`/`--poll-cycles` stdout line (our Sample as JSON). */
export function fromOurs(row: Record<string, unknown>): Comparable {
  return {
    name: String(row['name']),
    timestamp: String(row['timestamp']),
    type: String(row['type']),
    unit: String(row['unit']),
    volume: Number(row['volume']),
    resource_id: String(row['resource_id']),
    user_id: (row['user_id'] as string | null) ?? null,
    project_id: (row['project_id'] as string | null) ?? null,
    resource_metadata: (row['resource_metadata'] as Record<string, unknown>) ?? {},
  };
}

/**
 * Splits a multi-cycle run's samples into cycles by their polling timestamps: a cycle takes
 * milliseconds here and cycles are `gapMs` or more apart (some meters, rates and deltas, only start
 * in the second cycle, so counting occurrences would not do).
 */
export function splitCycles(samples: readonly Comparable[], cycles: number, gapMs = 1000): Comparable[][] {
  const out: Comparable[][] = Array.from({ length: cycles }, () => []);
  const at = (s: Comparable): number => Date.parse(`${s.timestamp}Z`);
  const sorted = [...samples].sort((x, y) => at(x) - at(y));
  let cycle = 0;
  let last = sorted.length ? at(sorted[0]!) : 0;
  for (const s of sorted) {
    if (at(s) - last >= gapMs) cycle = Math.min(cycle + 1, cycles - 1);
    last = at(s);
    out[cycle]!.push(s);
  }
  return out;
}

/** `value` without the sub-keys `key.sub` listed in `extra` (documented additions of ours). */
function withoutExtras(key: string, value: unknown, extra: ReadonlySet<string>): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([sub]) => !extra.has(`${key}.${sub}`)));
}

const keyOf = (s: Comparable): string => `${s.name} ${s.type} ${s.unit} ${s.resource_id}`;

function byKey(samples: readonly Comparable[]): Map<string, Comparable> {
  return new Map(samples.map((s) => [keyOf(s), s]));
}

/** Sorted keys of a metadata object, nested objects as `parent.child` (one level down). */
export function metadataKeys(md: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(md)) {
    keys.push(k);
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const k2 of Object.keys(v)) keys.push(`${k}.${k2}`);
  }
  return keys.sort();
}

/** Everything that differs between the two sides on one cycle. */
export interface CycleComparison {
  /** Meters only one side produced (whole meters). */
  readonly onlyOurs: string[];
  readonly onlyUpstream: string[];
  /** For meters both produce: (meter, type, unit, resource_id) tuples on one side only. */
  readonly tuplesOnlyOurs: string[];
  readonly tuplesOnlyUpstream: string[];
  /** `meter resource: +key -key`. */
  readonly metadataKeyDiffs: string[];
  /** `meter resource key: ours vs upstream` (values of keys both have). */
  readonly metadataValueDiffs: string[];
  /** `meter resource: ours V not within upstream [A, B]`. */
  readonly volumeDiffs: string[];
  /** user_id / project_id differences. */
  readonly ownerDiffs: string[];
  /** Tuples compared. */
  readonly compared: number;
}

export interface CompareOptions {
  /** Metadata keys whose values are not compared (explained in the README). */
  readonly ignoreMetadataValues?: readonly string[];
  /** Metadata keys we add on purpose (explained in the README): not reported as key differences. */
  readonly oursExtraMetadataKeys?: readonly string[];
  /** The agents' first cycle: deltas have no previous poll and are 0 on both sides. */
  readonly firstCycle?: boolean;
}

function within(v: number, a: number, b: number): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const eps = Math.max(1e-9 * Math.abs(hi), 1e-9);
  return v >= lo - eps && v <= hi + eps;
}

/** Compares ours with upstream's runs before (A) and after (B) it, on one cycle. */
export function compareCycle(ours: readonly Comparable[], upA: readonly Comparable[], upB: readonly Comparable[], options: CompareOptions = {}): CycleComparison {
  const ignoreValues = new Set(options.ignoreMetadataValues ?? []);
  const extraKeys = new Set(options.oursExtraMetadataKeys ?? []);
  const oursMeters = new Set(ours.map((s) => s.name));
  const upMeters = new Set([...upA, ...upB].map((s) => s.name));
  const both = new Set([...oursMeters].filter((m) => upMeters.has(m)));
  const o = byKey(ours.filter((s) => both.has(s.name)));
  const a = byKey(upA.filter((s) => both.has(s.name)));
  const b = byKey(upB.filter((s) => both.has(s.name)));
  const result: { -readonly [K in keyof CycleComparison]: CycleComparison[K] } = {
    onlyOurs: [...oursMeters].filter((m) => !upMeters.has(m)).sort(),
    onlyUpstream: [...upMeters].filter((m) => !oursMeters.has(m)).sort(),
    tuplesOnlyOurs: [...o.keys()].filter((k) => !a.has(k) && !b.has(k)).sort(),
    // a tuple upstream produced in both of its runs must be ours too
    tuplesOnlyUpstream: [...a.keys()].filter((k) => b.has(k) && !o.has(k)).sort(),
    metadataKeyDiffs: [],
    metadataValueDiffs: [],
    volumeDiffs: [],
    ownerDiffs: [],
    compared: 0,
  };
  for (const [key, mine] of o) {
    const before = a.get(key);
    const after = b.get(key) ?? before;
    if (!before || !after) continue;
    result.compared += 1;
    const label = `${mine.name} ${mine.resource_id}`;
    const mk = metadataKeys(mine.resource_metadata);
    const uk = metadataKeys(before.resource_metadata);
    const plus = mk.filter((k) => !uk.includes(k) && !extraKeys.has(k) && !extraKeys.has(k.split('.')[0]!));
    const minus = uk.filter((k) => !mk.includes(k));
    if (plus.length || minus.length) result.metadataKeyDiffs.push(`${label}: ${[...plus.map((k) => `+${k}`), ...minus.map((k) => `-${k}`)].join(' ')}`);
    for (const [k, v] of Object.entries(mine.resource_metadata)) {
      if (ignoreValues.has(k) || !(k in before.resource_metadata)) continue;
      const u = before.resource_metadata[k];
      const mineValue = withoutExtras(k, v, extraKeys);
      if (!isDeepStrictEqual(mineValue, u) && !isDeepStrictEqual(mineValue, after.resource_metadata[k])) {
        result.metadataValueDiffs.push(`${label} ${k}: ${JSON.stringify(v)} vs ${JSON.stringify(u)}`);
      }
    }
    const userDiffers = mine.user_id !== before.user_id && !(before.user_id === null && UPSTREAM_19_NO_USER.has(mine.name));
    if (userDiffers || mine.project_id !== before.project_id) {
      result.ownerDiffs.push(`${label}: ${mine.user_id}/${mine.project_id} vs ${before.user_id}/${before.project_id}`);
    }
    if (mine.type === 'delta') {
      // a delta covers the time since the agent's own previous poll, so later cycles are checked
      // against our own counters (deltaDiffs); here: 0 on the first cycle as upstream's, never negative
      const zero = options.firstCycle === true && before.volume === 0 && after.volume === 0;
      if (zero ? mine.volume !== 0 : !(mine.volume >= 0)) result.volumeDiffs.push(`${label}: delta ${mine.volume}, upstream's [${before.volume}, ${after.volume}]`);
    } else if (!within(mine.volume, before.volume, after.volume)) {
      result.volumeDiffs.push(`${label}: ours ${mine.volume} not within upstream [${before.volume}, ${after.volume}]`);
    }
  }
  return result;
}

/** A short text of a comparison, for failure messages and the test log. */
export function describeComparison(c: CycleComparison): string {
  const part = (title: string, xs: readonly string[]): string => (xs.length ? `${title} (${xs.length}):\n  ${xs.slice(0, 25).join('\n  ')}${xs.length > 25 ? '\n  ...' : ''}\n` : '');
  return (
    `compared ${c.compared} (meter, type, unit, resource) tuples\n` +
    part('meters only ours', c.onlyOurs) +
    part('meters only upstream', c.onlyUpstream) +
    part('tuples only ours', c.tuplesOnlyOurs) +
    part('tuples only upstream', c.tuplesOnlyUpstream) +
    part('metadata keys', c.metadataKeyDiffs) +
    part('metadata values', c.metadataValueDiffs) +
    part('owner', c.ownerDiffs) +
    part('volumes', c.volumeDiffs)
  );
}

/**
 * Our delta meters against our own cumulative counters: `X.delta` in cycle k must be `X` in cycle k
 * minus `X` in cycle k-1, for the same resource (what upstream computes from its previous poll).
 */
export function deltaDiffs(cycles: readonly (readonly Comparable[])[]): { readonly checked: number; readonly diffs: string[] } {
  const diffs: string[] = [];
  let checked = 0;
  for (let k = 1; k < cycles.length; k++) {
    const cumulative = (cycle: number, name: string, rid: string): number | undefined => cycles[cycle]!.find((s) => s.name === name && s.resource_id === rid)?.volume;
    for (const d of cycles[k]!.filter((s) => s.type === 'delta' && s.name.endsWith('.delta'))) {
      const base = d.name.slice(0, -'.delta'.length);
      const now = cumulative(k, base, d.resource_id);
      const previous = cumulative(k - 1, base, d.resource_id);
      if (now === undefined || previous === undefined) continue;
      checked += 1;
      if (d.volume !== now - previous) diffs.push(`${d.name} ${d.resource_id} cycle ${k + 1}: ${d.volume} != ${now} - ${previous}`);
    }
  }
  return { checked, diffs };
}
