/**
 * Upstream's `TraitDefinition`: a definition field that yields one typed trait.
 */
import { TraitType, isoformatNaiveUtc, parseIsoTime, pyStr, type PyValue, type Trait } from '@ceilometer-ts/sdk';
import { DefinitionError, DefinitionEvaluationError, DefinitionField, pyNumeric, type TraitPluginFactory } from '@ceilometer-ts/jsonpath';

const TYPES: Readonly<Record<string, TraitType>> = { NONE: TraitType.none, TEXT: TraitType.text, INT: TraitType.int, FLOAT: TraitType.float, DATETIME: TraitType.datetime };
const PY_INT = /^\s*[+-]?\d(?:_?\d)*\s*$/;
const PY_FLOAT = /^\s*[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.|nan|inf|infinity)\s*$/i;

/** One trait of an event definition. */
export class TraitDefinition {
  readonly type: TraitType;
  readonly #field: DefinitionField;

  /** @throws DefinitionError (path relative to the trait's configuration). */
  constructor(readonly name: string, cfg: unknown, plugins: TraitPluginFactory) {
    this.#field = new DefinitionField(name, cfg, plugins);
    const typeName: unknown = cfg !== null && typeof cfg === 'object' && !Array.isArray(cfg) ? ((cfg as Record<string, unknown>)['type'] ?? 'text') : 'text';
    const type = typeof typeName === 'string' && Object.hasOwn(TYPES, typeName.toUpperCase()) ? TYPES[typeName.toUpperCase()] : undefined;
    if (type === undefined) throw new DefinitionError(`Invalid trait type '${String(typeName)}' for trait ${name}`, ['type']);
    this.type = type;
  }

  /**
   * The trait in `body`, or null when its fields match nothing (or match `''` for a non-text type).
   * @throws DefinitionEvaluationError when the value does not convert to the trait's type.
   */
  toTrait(body: unknown): Trait | null {
    const value = this.#field.parse(body);
    if (value === null || value === undefined) return null;
    if (this.type !== TraitType.text && value === '') return null;
    return { name: this.name, dtype: this.type, value: this.#convert(value) };
  }

  #convert(value: unknown): string | number | bigint {
    switch (this.type) {
      case TraitType.int: {
        // Python's int() is exact at any size: bigints stay, larger results become bigints.
        if (typeof value === 'bigint') return value;
        const n = pyNumeric(value);
        if (n !== undefined && Number.isFinite(n)) return exactInt(Math.trunc(n));
        if (typeof value === 'string' && PY_INT.test(value)) return exactInt(BigInt(value.replace(/_/g, '').trim()));
        throw this.#bad(value, 'int');
      }
      case TraitType.float: {
        const n = pyNumeric(value);
        if (n !== undefined) return n;
        if (typeof value === 'string' && PY_FLOAT.test(value)) return pyFloatText(value);
        throw this.#bad(value, 'float');
      }
      case TraitType.datetime:
        try {
          return isoformatNaiveUtc(parseIsoTime(value));
        } catch (err) {
          throw new DefinitionEvaluationError(`trait ${this.name}: ${(err as Error).message}`, { cause: err });
        }
      default:
        return Array.from(pyStr(value as PyValue)).slice(0, 255).join('');
    }
  }

  #bad(value: unknown, type: string): DefinitionEvaluationError {
    return new DefinitionEvaluationError(`trait ${this.name}: cannot convert ${JSON.stringify(value) ?? String(value)} to ${type}`);
  }
}

/** An integer as a number when that is exact, else as a bigint. */
function exactInt(n: number | bigint): number | bigint {
  const asNumber = Number(n);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(n);
}

function pyFloatText(text: string): number {
  const t = text.trim().replace(/_/g, '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  return Number(t);
}
