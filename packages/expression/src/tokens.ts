/**
 * The lexer: turns an expression into tokens with their 1-based columns, rejecting any character
 * the language does not know.
 */
import { ExpressionSyntaxError } from './errors.js';

export type TokenKind = 'number' | 'string' | 'name' | 'keyword' | 'meter' | 'op' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written (for `meter`, the meter name inside `$( )`). */
  readonly text: string;
  readonly column: number;
  /** Numbers: the value. Strings: the decoded text. */
  readonly value?: number | string;
  /** Meters: whether a `.` follows immediately (`$(m).resource_metadata`), as rocky's parser checks. */
  readonly attributeFollows?: boolean;
}

/** Python keywords the language uses. */
export const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'else', 'True', 'False', 'None']);

/** Python keywords it refuses, named in the error so the operator knows why. */
export const REFUSED_KEYWORDS = new Set([
  'lambda', 'in', 'is', 'for', 'import', 'from', 'await', 'async', 'yield', 'del', 'global', 'nonlocal',
  'def', 'class', 'return', 'pass', 'raise', 'try', 'except', 'finally', 'while', 'with', 'as', 'assert',
  'break', 'continue', 'elif',
]);

const OPERATORS = ['**', '//', '<=', '>=', '==', '!=', '+', '-', '*', '/', '%', '<', '>', '(', ')', '.', '[', ']', '{', '}', ',', ':'];
const NUMBER = /^(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const METER = /^\$\(([\w.-]+)\)/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

/** Splits `source` into tokens; the last one is `end`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    const column = i + 1;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const number = /^[0-9.]/.test(ch) ? NUMBER.exec(rest) : null;
    if (number && number[0] !== '.') {
      const text = number[0];
      if (/^0\d/.test(text.replace(/_/g, '')) && /^[\d_]+$/.test(text) && /[1-9]/.test(text)) {
        throw new ExpressionSyntaxError(source, column, `leading zeros in decimal integer literal ${JSON.stringify(text)}`);
      }
      tokens.push({ kind: 'number', text, column, value: Number(text.replace(/_/g, '')) });
      i += text.length;
      if (NAME.test(source.slice(i))) throw new ExpressionSyntaxError(source, i + 1, `unexpected ${JSON.stringify(source[i])} after number`);
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      const text = name[0];
      tokens.push({ kind: KEYWORDS.has(text) ? 'keyword' : 'name', text, column });
      i += text.length;
      continue;
    }
    if (ch === '$') {
      const meter = METER.exec(rest);
      if (!meter) throw new ExpressionSyntaxError(source, column, 'malformed meter reference, expected $(meter.name)');
      tokens.push({ kind: 'meter', text: meter[1] as string, column, attributeFollows: source[i + meter[0].length] === '.' });
      i += meter[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const [text, length] = readString(source, i);
      tokens.push({ kind: 'string', text: source.slice(i, i + length), column, value: text });
      i += length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, column });
      i += op.length;
      continue;
    }
    throw new ExpressionSyntaxError(source, column, `unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}

function readString(source: string, start: number): [string, number] {
  const quote = source[start];
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === quote) return [out, i - start + 1];
    if (ch === '\\' && i + 1 < source.length) {
      const next = source[i + 1] as string;
      out += ESCAPES[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  throw new ExpressionSyntaxError(source, start + 1, 'unterminated string literal');
}
