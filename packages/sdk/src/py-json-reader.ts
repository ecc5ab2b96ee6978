/**
 * The exact reader behind {@link parsePyJson} (./py-json.ts): a recursive-descent parser that types
 * every number as Python's `json.loads` does (float literals as {@link PyFloat}, ints beyond 2^53 as
 * bigint, `NaN`/`Infinity`). Not exported from the package: `parsePyJson` decides when it is needed.
 */
import { PyFloat, defineMember, type PyDict, type PyValue } from './py-value.js';
import { WireFormatError } from './errors.js';

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
 * Parses JSON text with the exact reader.
 * @throws WireFormatError on malformed text.
 */
export function readPyJsonExact(text: string): PyValue {
  const reader = new Reader(text);
  const value = reader.value();
  reader.skipWs();
  if (reader.pos !== text.length) reader.fail('trailing data');
  return value;
}
