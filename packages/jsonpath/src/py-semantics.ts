/**
 * The few Python value semantics JSONPath evaluation depends on: equality, ordering, `int()`,
 * arithmetic, truthiness and `str.split`, over wire values (plain JSON plus the sdk's
 * PyFloat marker; Python `re` lives in the sdk). An operation Python would reject with TypeError yields {@link PY_TYPE_ERROR}.
 */
import { PyFloat, compareCodePoints, isPyDict } from '@ceilometer-ts/sdk';

/** Marks "Python raised TypeError/ValueError here". */
export const PY_TYPE_ERROR: unique symbol = Symbol('TypeError');
export type PyResult<T> = T | typeof PY_TYPE_ERROR;

/** A number Python would hold (int, float or bool), as a JS number; undefined for anything else. */
export function pyNumeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

function isFloatLike(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** Python `==` between wire values (`1 == 1.0 == True`, deep for lists and dicts). */
export function pyEquals(a: unknown, b: unknown): boolean {
  const x = pyNumeric(a);
  const y = pyNumeric(b);
  if (x !== undefined || y !== undefined) return x !== undefined && y !== undefined && x === y;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => pyEquals(v, b[i]));
  }
  if (isPyDict(a) && isPyDict(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return a === b;
}

/** Python ordering (`<` as -1/0/1) of numbers with numbers and strings with strings; else a TypeError. */
export function pyCompare(a: unknown, b: unknown): PyResult<number> {
  const x = pyNumeric(a);
  const y = pyNumeric(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(compareCodePoints(a, b));
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (pyEquals(a[i], b[i])) continue;
      return pyCompare(a[i], b[i]);
    }
    return Math.sign(a.length - b.length);
  }
  return PY_TYPE_ERROR;
}

const PY_INT_TEXT = /^\s*[+-]?\d(?:_?\d)*\s*$/;

/** Python `int(value)`: truncates floats, parses integer text; a TypeError/ValueError otherwise. */
export function pyInt(value: unknown): PyResult<number> {
  const n = pyNumeric(value);
  if (n !== undefined) return Number.isFinite(n) ? Math.trunc(n) : PY_TYPE_ERROR;
  if (typeof value === 'string' && PY_INT_TEXT.test(value)) return Number(value.replace(/_/g, '').trim());
  return PY_TYPE_ERROR;
}

/** Python truthiness: `0`, `''`, `[]`, `{}`, `None`, `False` are false. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  const n = pyNumeric(value);
  if (n !== undefined) return n !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isPyDict(value)) return Object.values(value).some((v) => v !== undefined);
  return true;
}

function numericResult(result: number, a: unknown, b: unknown): number | PyFloat {
  return isFloatLike(a) || isFloatLike(b) ? new PyFloat(result) : result;
}

/** Python `a <op> b` for `+ - * /`: numbers, `str + str`, `list + list`, `str * int`. */
export function pyArith(op: string, a: unknown, b: unknown): PyResult<unknown> {
  const x = pyNumeric(a);
  const y = pyNumeric(b);
  if (x !== undefined && y !== undefined) {
    switch (op) {
      case '+': return numericResult(x + y, a, b);
      case '-': return numericResult(x - y, a, b);
      case '*': return numericResult(x * y, a, b);
      case '/': return y === 0 ? PY_TYPE_ERROR : new PyFloat(x / y);
      default: return PY_TYPE_ERROR;
    }
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    return PY_TYPE_ERROR;
  }
  if (op === '*') {
    const [seq, count] = x !== undefined && !isFloatLike(a) ? [b, x] : [a, y];
    if (count === undefined || !Number.isInteger(count)) return PY_TYPE_ERROR;
    if (typeof seq === 'string') return seq.repeat(Math.max(0, count));
    if (Array.isArray(seq)) return Array.from({ length: Math.max(0, count) }, () => seq).flat();
  }
  return PY_TYPE_ERROR;
}

/** Python `str.split(sep, maxsplit)` (`maxsplit < 0`: no limit). */
export function pySplit(text: string, sep: string, maxsplit: number): string[] {
  const parts = text.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}
