/**
 * JSON as Python's `json` module writes and reads it, keeping what `JSON.parse` loses: float-ness
 * (`1.0` stays a {@link PyFloat}), ints above 2^53 (kept as bigint) and `NaN`/`Infinity` literals.
 * oslo.messaging serialises with `json.dumps` defaults, so {@link dumpsPyJson} matches its bytes.
 */
import { pyFloatRepr, isPyIntNumber } from './python-str.js';
import { PyBytes, PyEntriesDict, PyFloat, defineMember, isPyDict, type PyDict, type PyValue } from './py-value.js';
import { WireFormatError } from './errors.js';

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
export function dumpsPyJson(value: PyValue): string {
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
  if (Array.isArray(value)) return `[${(value as readonly PyValue[]).map(dumpsPyJson).join(', ')}]`;
  if (isPyDict(value)) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) parts.push(`${pyJsonString(k)}: ${dumpsPyJson(v)}`);
    }
    return `{${parts.join(', ')}}`;
  }
  throw new WireFormatError(`not JSON serialisable: ${typeof value}`);
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Recursive-descent reader over one JSON text. */
class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new WireFormatError(`invalid JSON at offset ${this.pos}: ${what}`);
  }

  skipWs(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  value(): PyValue {
    this.skipWs();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (this.literal('null')) return null;
    if (this.literal('true')) return true;
    if (this.literal('false')) return false;
    if (this.literal('NaN')) return new PyFloat(NaN);
    if (this.literal('Infinity')) return new PyFloat(Infinity);
    if (this.literal('-Infinity')) return new PyFloat(-Infinity);
    return this.number();
  }

  number(): PyValue {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('expected a value');
    this.pos = NUMBER.lastIndex;
    const literal = m[0];
    if (m[1] !== undefined || m[2] !== undefined) return new PyFloat(Number(literal));
    const n = Number(literal);
    return Number.isSafeInteger(n) ? n : BigInt(literal);
  }

  string(): string {
    this.pos++; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(start, this.pos);
      const e = this.text[this.pos + 1];
      const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else {
        this.fail('bad escape');
      }
      start = this.pos;
    }
    out += this.text.slice(start, this.pos);
    this.pos++; // closing quote
    return out;
  }

  array(): PyValue[] {
    this.pos++;
    const out: PyValue[] = [];
    this.skipWs();
    if (this.literal(']')) return out;
    for (;;) {
      out.push(this.value());
      this.skipWs();
      if (this.literal(']')) return out;
      if (!this.literal(',')) this.fail("expected ',' or ']'");
    }
  }

  object(): PyDict {
    this.pos++;
    const out: Record<string, PyValue> = {};
    this.skipWs();
    if (this.literal('}')) return out;
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipWs();
      if (!this.literal(':')) this.fail("expected ':'");
      defineMember(out, key, this.value());
      this.skipWs();
      if (this.literal('}')) return out;
      if (!this.literal(',')) this.fail("expected ',' or '}'");
    }
  }
}

/**
 * Parses JSON text as Python's `json.loads` would type it: float literals (`1.0`, `1e+16`, `NaN`,
 * `Infinity`) become {@link PyFloat}, integer literals become numbers (bigint beyond 2^53).
 * @throws WireFormatError on malformed text.
 */
export function parsePyJson(text: string): PyValue {
  const reader = new Reader(text);
  const value = reader.value();
  reader.skipWs();
  if (reader.pos !== text.length) reader.fail('trailing data');
  return value;
}
