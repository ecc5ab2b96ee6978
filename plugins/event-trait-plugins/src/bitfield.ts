/**
 * `bitfield`: an integer whose bits say which fields were present or had given values (upstream's
 * BitfieldTraitPlugin).
 */
import { PyFloat } from '@ceilometer-ts/sdk';
import { TraitPluginParameterError, type TraitMatch, type TraitPlugin, type TraitPluginParams } from './trait-plugin.js';

/** One flag: set `bit` when the field at `path` is present (and equals `value`, when given). */
export interface BitfieldFlag {
  readonly path: string;
  readonly bit: number;
  readonly value?: unknown;
}

/** Parameters: `initial_bitfield` (default 0), `flags` (list of {@link BitfieldFlag}). */
export class BitfieldTraitPlugin implements TraitPlugin {
  readonly initialBitfield: bigint;
  readonly flags: readonly BitfieldFlag[];

  constructor(params: TraitPluginParams = {}) {
    const { initial_bitfield: initial = 0, flags = [] } = params;
    if (!Number.isInteger(initial)) throw new TraitPluginParameterError('bitfield: initial_bitfield must be an integer');
    if (!Array.isArray(flags)) throw new TraitPluginParameterError('bitfield: flags must be a list');
    this.flags = flags.map((f: unknown, i) => {
      const flag = f as Partial<BitfieldFlag> | null;
      if (!flag || typeof flag.path !== 'string') throw new TraitPluginParameterError(`bitfield: flags[${i}].path must be a string`);
      const bit = Number(flag.bit);
      if (!Number.isInteger(bit) || bit < 0) throw new TraitPluginParameterError(`bitfield: flags[${i}].bit must be a non-negative integer`);
      return { ...flag, path: flag.path, bit };
    });
    this.initialBitfield = BigInt(initial as number);
  }

  traitValues(matches: readonly TraitMatch[]): unknown[] {
    const byPath = new Map<string, unknown>(matches.map(([path, value]) => [path, value]));
    let bits = this.initialBitfield;
    for (const flag of this.flags) {
      if (!byPath.has(flag.path)) continue;
      if (!Object.hasOwn(flag, 'value') || pyEquals(byPath.get(flag.path), flag.value)) bits |= 1n << BigInt(flag.bit);
    }
    return [Number(bits)];
  }
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/** Python `==` for scalars and lists/dicts of them (`1 == 1.0 == True`). */
function pyEquals(a: unknown, b: unknown): boolean {
  const x = num(a);
  const y = num(b);
  if (x !== undefined || y !== undefined) return x === y;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => pyEquals(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const rb = b as Record<string, unknown>;
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(rb, k) && pyEquals((a as Record<string, unknown>)[k], rb[k]));
  }
  return a === b;
}
