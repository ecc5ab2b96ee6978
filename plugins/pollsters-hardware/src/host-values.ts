/**
 * What one host answered in one cycle, indexed for the meters: scalars by OID and walked subtrees by
 * row suffix, so a prefix meter reads its column without scanning every OID (and without Stein's
 * missing OID boundary: `...2.2.1.1` never matches `...2.2.1.10.x`).
 */
import type { OidValue, OidValues } from '@ceilometer-ts/sdk';

/** Values of one host in one cycle. */
export class HostValues {
  readonly #scalars = new Map<string, OidValue>();
  readonly #subtrees = new Map<string, Map<string, OidValue>>();

  /** Adds an inspector answer for `subtrees` (every OID not under one of them is kept as a scalar). */
  merge(values: OidValues, subtrees: Iterable<string>): void {
    const wanted = new Set(subtrees);
    for (const s of wanted) if (!this.#subtrees.has(s)) this.#subtrees.set(s, new Map());
    for (const [oid, value] of values) {
      this.#scalars.set(oid, value);
      if (wanted.size === 0) continue;
      // NOTE: walk up the OID's parents; a subtree owns the OIDs strictly below it.
      for (let dot = oid.lastIndexOf('.'); dot > 0; dot = oid.lastIndexOf('.', dot - 1)) {
        const parent = oid.slice(0, dot);
        if (wanted.has(parent)) this.#subtrees.get(parent)!.set(oid.slice(dot), value);
      }
    }
  }

  /** The value of one OID, undefined when absent or a no-such-object/instance marker. */
  get(oid: string): OidValue | undefined {
    const v = this.#scalars.get(oid);
    return v && v.type !== 'Null' && v.value !== null ? v : undefined;
  }

  /** Rows of a walked column: suffix (`.3`, `.10.0.0.5`) to value, in the agent's order. */
  rows(column: string): ReadonlyMap<string, OidValue> {
    return this.#subtrees.get(column) ?? new Map();
  }
}

/** A numeric value of a counter or gauge (bigint Counter64 kept exact), undefined otherwise. */
export function numericValue(v: OidValue | undefined): number | bigint | undefined {
  if (!v) return undefined;
  if (typeof v.value === 'number' || typeof v.value === 'bigint') return v.value;
  if (typeof v.value === 'string' && v.value.trim() !== '' && !Number.isNaN(Number(v.value))) return Number(v.value);
  return undefined;
}
