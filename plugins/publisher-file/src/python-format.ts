/**
 * Python's text forms of plain data, so the file publisher writes what upstream writes:
 * `repr()` of a dict (what `logging` prints for `logger.info(sample.as_dict())`) and
 * `json.dumps()` with its default separators and `ensure_ascii`.
 */
import { pyJsonString, pyStrRepr } from '@ceilometer-ts/sdk';

export { pyJsonString, pyStrRepr };

/** A JSON-like value as upstream's as_dict() produces it. */
export type PlainValue = string | number | boolean | null | undefined | readonly PlainValue[] | { readonly [k: string]: PlainValue };

/** `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number, json = false): string {
  if (Number.isNaN(x)) return json ? 'NaN' : 'nan';
  if (!Number.isFinite(x)) return json ? (x > 0 ? 'Infinity' : '-Infinity') : x > 0 ? 'inf' : '-inf';
  // JS cannot tell 1 from 1.0: integral values print as Python ints, up to where Python's float
  // repr switches to exponent form (such magnitudes are floats in practice).
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      body = `${intPart}.${digits.slice(exp + 1) || '0'}`;
    }
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return negative ? `-${body}` : body;
}

/**
 * Text of large lists and dicts met more than once while formatting one batch. Samples of one
 * notification share its payload's nested values, so a 10,000-metric notification's `metrics`
 * list is formatted once, not 10,000 times. Only texts of at least {@link SHARED_TEXT_MIN} characters
 * seen twice are kept: small values cost one map lookup, unique ones never pile up. Strong maps, as
 * the memo lives for one publish call while the batch holds the values anyway (weak ones burden
 * the garbage collector).
 */
export class SharedTextMemo {
  readonly #seen = new Set<object>();
  readonly #text = new Map<object, string>();

  /** The cached text of `value`, or `format()`'s (kept when `value` was seen before). */
  text(value: object, format: () => string): string {
    const known = this.#text.get(value);
    if (known !== undefined) return known;
    const text = format();
    if (text.length >= SHARED_TEXT_MIN) {
      if (this.#seen.has(value)) this.#text.set(value, text);
      else this.#seen.add(value);
    }
    return text;
  }
}

/** Shorter texts are cheaper to format again than to remember. */
export const SHARED_TEXT_MIN = 1024;

/** `repr()` of a dict, list or scalar; `memo` shares the text of values formatted before. */
export function pyRepr(value: PlainValue, memo?: SharedTextMemo): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyFloatRepr(value);
  if (typeof value === 'string') return pyStrRepr(value);
  const format = (): string => {
    if (Array.isArray(value)) return `[${value.map((v: PlainValue) => pyRepr(v, memo)).join(', ')}]`;
    const entries = Object.entries(value as Record<string, PlainValue>);
    return `{${entries.map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v, memo)}`).join(', ')}}`;
  };
  return memo ? memo.text(value, format) : format();
}

/** `json.dumps(value)` with Python's defaults (`', '` and `': '` separators, ensure_ascii); `memo` as {@link pyRepr}. */
export function pyJsonDumps(value: PlainValue, memo?: SharedTextMemo): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pyFloatRepr(value, true);
  if (typeof value === 'string') return pyJsonString(value);
  const format = (): string => {
    if (Array.isArray(value)) return `[${value.map((v: PlainValue) => pyJsonDumps(v, memo)).join(', ')}]`;
    const entries = Object.entries(value as Record<string, PlainValue>);
    return `{${entries.map(([k, v]) => `${pyJsonString(k)}: ${pyJsonDumps(v, memo)}`).join(', ')}}`;
  };
  return memo ? memo.text(value, format) : format();
}
