/**
 * The value model of the wire format: what Python holds after `json.loads`, written in TypeScript.
 *
 * JSON has one number type, Python has two. Upstream signs `str(value)`, and `str(1)` is `1` while
 * `str(1.0)` is `1.0`, so a signature depends on whether Python holds an int or a float. The rule:
 *
 * - A plain JS `number` stands for what Python would parse from the JSON text we write for it:
 *   an integer-valued number below 1e21 is written as an integer literal, so it is a Python **int**;
 *   anything else (fractions, 1e21 and above, NaN, ±Infinity) is a Python **float**. This makes every
 *   plain-number message self-consistent: the signature we compute is the one Python computes on the
 *   JSON we send, whether it went through `JSON.stringify` (finite numbers) or {@link dumpsPyJson}.
 * - {@link PyFloat} marks a float explicitly (`PyFloat(1)` is Python's `1.0`). {@link parsePyJson}
 *   produces it for every float literal in JSON text from Python, so we verify Python's messages.
 * - A `bigint` is a Python int too large for a JS number (`parsePyJson` yields one above 2^53).
 */
import type { MetadataValue } from './sample.js';

/** A Python float held explicitly, so that `1.0` stays `1.0` (plain JS numbers follow the int rule). */
export class PyFloat {
  constructor(readonly value: number) {}

  /** Lets arithmetic and comparisons use the number. */
  valueOf(): number {
    return this.value;
  }

  /**
   * `JSON.stringify` loses float-ness (`1.0` becomes `1`), which changes what Python signs:
   * serialise with {@link dumpsPyJson} when a message holds PyFloat values.
   */
  toJSON(): number {
    return this.value;
  }
}

/** A Python `bytes` made of a string's UTF-8 encoding (what upstream's `decode_unicode` yields). */
export class PyBytes {
  constructor(readonly bytes: Uint8Array) {}

  /** The UTF-8 encoding of `text`. */
  static fromString(text: string): PyBytes {
    return new PyBytes(new TextEncoder().encode(text));
  }
}

/** A Python dict whose keys are not JS strings (bytes keys after `decode_unicode`), in insertion order. */
export class PyEntriesDict {
  constructor(readonly entries: ReadonlyArray<readonly [PyValue, PyValue]>) {}
}

/** A Python dict with string keys, as `json.loads` builds it. `undefined` members are skipped, like JSON.stringify. */
export interface PyDict {
  readonly [key: string]: PyValue | undefined;
}

/** Any value of the wire format's model (see the module comment for the number rule). */
export type PyValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | PyFloat
  | PyBytes
  | PyEntriesDict
  | readonly PyValue[]
  | PyDict;

/** True for a string-keyed dict (a plain object that is none of the wrapper classes). */
export function isPyDict(value: unknown): value is PyDict {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return !(value instanceof PyFloat || value instanceof PyBytes || value instanceof PyEntriesDict);
}

/** Orders strings by Unicode code point, as Python's `sorted()` does (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xd800-0xdfff) encode code points above 0xffff, so they sort after 0xe000-0xffff.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Turns a wire value into metadata for a Sample, numbers kept as they came (PyFloat, bigint); bytes
 * and non-string-keyed dicts, which JSON cannot carry, are rejected. Dicts and lists are copied.
 */
export function toMetadataValue(value: PyValue): MetadataValue {
  if (value instanceof PyBytes || value instanceof PyEntriesDict) {
    throw new TypeError('bytes and non-string dict keys cannot appear in JSON metadata');
  }
  if (Array.isArray(value)) return (value as readonly PyValue[]).map(toMetadataValue);
  if (isPyDict(value)) {
    const out: Record<string, MetadataValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) defineMember(out, k, toMetadataValue(v));
    }
    return out;
  }
  return value as string | number | bigint | PyFloat | boolean | null;
}

/**
 * True when `value` is already metadata as {@link toMetadataValue} would copy it: no bytes, no
 * non-string-keyed dict, no `undefined` member anywhere. Walks without allocating, so a caller that
 * owns the value (a freshly decoded notification) can keep it instead of copying it.
 */
export function isMetadataValue(value: PyValue | undefined): value is MetadataValue {
  if (value === null || typeof value !== 'object') return value !== undefined;
  if (value instanceof PyFloat) return true;
  if (value instanceof PyBytes || value instanceof PyEntriesDict) return false;
  if (Array.isArray(value)) {
    for (const item of value as readonly PyValue[]) if (!isMetadataValue(item)) return false;
    return true;
  }
  const dict = value as PyDict;
  for (const key in dict) {
    if (Object.hasOwn(dict, key) && !isMetadataValue(dict[key])) return false;
  }
  return true;
}

/** Sets `obj[key]` as an own data property, so a `__proto__` key from the wire stays data. */
export function defineMember<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/**
 * Checks that an `unknown` (a parsed notification body, say) is a wire value and returns it typed.
 * @throws TypeError naming the path of the first value JSON cannot carry (functions, symbols, class instances).
 */
export function asPyValue(value: unknown, path = '$'): PyValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return value;
  }
  if (value instanceof PyFloat || value instanceof PyBytes || value instanceof PyEntriesDict) return value;
  if (Array.isArray(value)) {
    value.forEach((v: unknown, i) => asPyValue(v, `${path}[${i}]`));
    return value as readonly PyValue[];
  }
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      for (const [k, v] of Object.entries(value)) if (v !== undefined) asPyValue(v, `${path}.${k}`);
      return value as PyDict;
    }
  }
  throw new TypeError(`${path}: not a JSON value (${typeof value})`);
}
