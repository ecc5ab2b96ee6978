/**
 * JSON as Python's `json` module writes and reads it, keeping what `JSON.parse` loses: float-ness
 * (`1.0` stays a {@link PyFloat}), ints above 2^53 (kept as bigint) and `NaN`/`Infinity` literals.
 * oslo.messaging serialises with `json.dumps` defaults, so {@link dumpsPyJson} matches its bytes.
 */
import { pyFloatRepr, isPyIntNumber } from './python-str.js';
import { PyBytes, PyEntriesDict, PyFloat, isPyDict, type PyValue } from './py-value.js';
import { WireFormatError } from './errors.js';
import type { TextMemo } from './text-memo.js';
import { dictText, listText } from './py-container-text.js';
import { readPyJsonExact } from './py-json-reader.js';

// NOTE: JSON.stringify already escapes quotes, backslashes, control characters and lone surrogates
// exactly as Python does (\b \f \n \r \t, others as lower-case \u00xx); Python's ensure_ascii also
// escapes DEL and everything past ASCII. One regex pass is ~14x faster than a char loop on the
// envelope, whose oslo.message string is a whole JSON text (bench/polling/README.md).
const NON_ASCII = /[\u007f-\uffff]/g;
const escapeNonAscii = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A JSON string literal as `json.dumps(..., ensure_ascii=True)` writes it. */
export function pyJsonString(text: string): string {
  return JSON.stringify(text).replace(NON_ASCII, escapeNonAscii);
}

function dumpFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pyFloatRepr(x);
}

function dumpNumber(x: number): string {
  return isPyIntNumber(x) ? String(x) : dumpFloat(x);
}

/**
 * Serialises a wire value like Python's `json.dumps(value)` with default options: `", "` and `": "`
 * separators, non-ASCII escaped, floats in `repr()` form, `NaN`/`Infinity` literals. Key order is the
 * object's own order (JS puts integer-like keys such as `"10"` first, the one place bytes can differ).
 */
export function dumpsPyJson(value: PyValue, memo?: TextMemo): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return pyJsonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return dumpNumber(value);
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (value instanceof PyFloat) return dumpFloat(value.value);
  if (value instanceof PyBytes || value instanceof PyEntriesDict) {
    throw new WireFormatError('bytes and non-string dict keys are not JSON serialisable');
  }
  if (Array.isArray(value)) return listText(value as readonly PyValue[], dumpsPyJson, memo);
  if (isPyDict(value)) return dictText(value, pyJsonString, dumpsPyJson, memo);
  throw new WireFormatError(`not JSON serialisable: ${typeof value}`);
}

// An integer JSON.parse keeps exact (15 digits are always below 2^53) and not the start of a float.
const SAFE_INT = /-?\d{1,15}(?![\d.eE])/y;

/** The index after the closing quote of the string whose body starts at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  let quote = from;
  for (;;) {
    quote = text.indexOf('"', quote);
    if (quote < 0) return -1;
    let before = quote - 1;
    while (before >= from && text.charCodeAt(before) === 0x5c) before--;
    if ((quote - 1 - before) % 2 === 0) return quote + 1; // an even run of backslashes escapes none
    quote++;
  }
}

/**
 * True unless every number outside strings is an integer of at most 15 digits: then `JSON.parse`
 * types the text exactly as Python does. Floats, long integers, `NaN`/`Infinity` and anything
 * malformed (an unterminated string, a stray `-`) need the exact reader.
 */
function needsExactReader(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i + 1);
      if (i < 0) return true;
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d /* - */ || c === 0x4e /* NaN */ || c === 0x49 /* Infinity */) {
      SAFE_INT.lastIndex = i;
      if (!SAFE_INT.test(text)) return true;
      i = SAFE_INT.lastIndex;
    } else {
      i++;
    }
  }
  return false;
}

/**
 * True when the parsed value holds no number at all. `JSON.parse` then typed it exactly as Python
 * would: the text had no number literal outside strings (`NaN`/`Infinity` make `JSON.parse` throw).
 * Cheaper than {@link needsExactReader} on the v2 envelope, a small object around one long string
 * full of escaped quotes. Stops at the first number.
 */
function holdsNoNumber(value: unknown): boolean {
  if (typeof value === 'number') return false;
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!holdsNoNumber(item)) return false;
    return true;
  }
  for (const key in value) {
    if (!holdsNoNumber((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Parses JSON text as Python's `json.loads` would type it: float literals (`1.0`, `1e+16`, `NaN`,
 * `Infinity`) become {@link PyFloat}, integer literals become numbers (bigint beyond 2^53).
 *
 * `JSON.parse` builds the same values (own `__proto__` members and duplicate keys included) several
 * times faster, and its result is kept when it holds no number (the envelope) or when every number
 * outside strings in the text is an integer of at most 15 digits (most notifications); the rest,
 * and every malformed text (for the reader's error), go through the exact reader.
 * @throws WireFormatError on malformed text.
 */
export function parsePyJson(text: string): PyValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return readPyJsonExact(text); // malformed (or NaN/Infinity): the exact reader decides and says where
  }
  if (holdsNoNumber(parsed) || !needsExactReader(text)) return parsed as PyValue;
  return readPyJsonExact(text);
}
