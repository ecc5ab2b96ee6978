/**
 * Python's `str()` and `repr()` of wire values, byte for byte as CPython 3 renders them: upstream's
 * message signature is an HMAC over `str(value)` of every flattened pair, so this is the heart of
 * signature compatibility. Numbers follow the int/float rule described in `py-value.ts`.
 */
import { PyBytes, PyEntriesDict, PyFloat, isPyDict, type PyValue } from './py-value.js';
import type { TextMemo } from './text-memo.js';
import { dictText, listText } from './py-container-text.js';

/** True when a plain JS number stands for a Python int (written as an integer literal in JSON). */
export function isPyIntNumber(x: number): boolean {
  return Number.isInteger(x) && Math.abs(x) < 1e21;
}

/**
 * `repr(float)`: the shortest digits that round-trip (JS and Python agree on them), laid out as
 * Python does: positional when the decimal exponent is in (-4, 16], else `d.ddde±XX`.
 * @example pyFloatRepr(1) === '1.0'; pyFloatRepr(1e16) === '1e+16'; pyFloatRepr(1e-5) === '1e-05'
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest round-trip digits.
  const [mantissa = '', exponent = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1; // value = 0.DIGITS x 10^decpt
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** `str()` of a plain JS number under the int/float rule: `1` is int `1`, `0.5` and `1e21` are floats. */
export function pyNumberStr(x: number): string {
  // String(-0) is "0", which is also what JSON carries for -0, and Python's int has no -0.
  return isPyIntNumber(x) ? String(x) : pyFloatRepr(x);
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

// Python's str.isprintable() is false for these categories (space excepted).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function quoteFor(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

// Printable ASCII without `'` and `\`: repr() is the text between single quotes, nothing escaped.
const PLAIN_ASCII = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

/** `repr(str)`: quotes chosen as CPython does, non-printable characters escaped. */
export function pyStrRepr(text: string): string {
  if (PLAIN_ASCII.test(text)) return `'${text}'`; // most keys and values: no per-character walk
  const quote = quoteFor(text.includes("'"), text.includes('"'));
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex2(cp)}`;
    else if (cp < 0x7f || (ch !== ' ' && !NON_PRINTABLE.test(ch))) out += ch;
    else if (cp <= 0xff) out += `\\x${hex2(cp)}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** `repr(bytes)`: `b'...'` with printable ASCII kept and everything else as `\xhh`. */
export function pyBytesRepr(bytes: Uint8Array): string {
  const quote = quoteFor(bytes.includes(0x27), bytes.includes(0x22));
  const q = quote.charCodeAt(0);
  let out = `b${quote}`;
  for (const b of bytes) {
    if (b === q || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${hex2(b)}`;
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/** Python's `repr()` of a wire value (what `str()` of a list or dict shows for its members). */
export function pyRepr(value: PyValue, memo?: TextMemo): string {
  if (typeof value === 'string') return pyStrRepr(value);
  return pyStr(value, memo);
}

/**
 * Python's `str()` of a wire value: strings as they are, `None`/`True`/`False`, ints, float reprs,
 * `b'..'` for bytes, and `[..]` / `{..}` with members in `repr()` form. Dict members keep their
 * insertion order (Python 3.7+); `undefined` members are skipped.
 */
export function pyStr(value: PyValue, memo?: TextMemo): string {
  if (value === null) return 'None';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return pyNumberStr(value);
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value instanceof PyBytes) return pyBytesRepr(value.bytes);
  if (value instanceof PyEntriesDict) {
    const known = memo?.lookup(value);
    if (known !== undefined) return known;
    const text = `{${value.entries.map(([k, v]) => `${pyRepr(k, memo)}: ${pyRepr(v, memo)}`).join(', ')}}`;
    memo?.store(value, text);
    return text;
  }
  if (Array.isArray(value)) return listText(value as readonly PyValue[], pyRepr, memo);
  if (isPyDict(value)) return dictText(value, pyStrRepr, pyRepr, memo);
  throw new TypeError(`not a wire value: ${typeof value}`);
}
