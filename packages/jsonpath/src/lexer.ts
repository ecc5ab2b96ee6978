/**
 * The tokenizer of jsonpath-rw with jsonpath-rw-ext's additions. Rules are tried in PLY's order
 * (function rules by definition order, then string rules, then literals), first match wins, so the
 * quirks carry over: `/` is always a sort direction, `true...` always starts a BOOL, `-` may be part
 * of an identifier (`a-b` is one field) or of a number (`-1`).
 */
import { JsonPathSyntaxError } from './errors.js';

export type TokenType =
  | 'BOOL' | 'SORT' | 'ID' | 'FLOAT' | 'NUMBER' | 'NAMED' | 'FILTER_OP' | 'DOUBLEDOT' | 'WHERE' | 'EOF'
  | '*' | '.' | '[' | ']' | '(' | ')' | '$' | ',' | ':' | '|' | '&' | '?' | '@' | '+' | '-';

export interface Token {
  readonly type: TokenType;
  /** Identifier or string text, operator text, sort direction (`/` or `\`). */
  readonly text: string;
  /** NUMBER, FLOAT and BOOL values. */
  readonly value?: number | boolean;
  /** 0-based offset in the expression. */
  readonly pos: number;
}

const BOOL = /(?:true|false)/y;
const SORT = /,?\s*([/\\])/y;
const ID = /@?[a-zA-Z_][a-zA-Z0-9_@-]*/y;
const FLOAT = /-?\d+\.\d+/y;
const NUMBER = /-?\d+/y;
const FILTER_OP = /==?|<=|>=|!=|<|>|~/y;
const LITERALS = new Set(['*', '.', '[', ']', '(', ')', '$', ',', ':', '|', '&', '?', '@', '+', '-']);
const QUOTES: Readonly<Record<string, TokenType>> = { "'": 'ID', '"': 'ID', '`': 'NAMED' };

function sticky(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(text)?.[0];
}

/** Splits an expression into tokens, ending with an EOF token. */
export function tokenize(expression: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  const n = expression.length;
  while (pos < n) {
    const c = expression[pos]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      pos++;
      continue;
    }
    let m: string | undefined;
    if ((m = sticky(BOOL, expression, pos))) {
      out.push({ type: 'BOOL', text: m, value: m === 'true', pos });
    } else if ((m = sticky(SORT, expression, pos))) {
      out.push({ type: 'SORT', text: m[m.length - 1]!, pos });
    } else if ((m = sticky(ID, expression, pos))) {
      out.push({ type: m === 'where' ? 'WHERE' : 'ID', text: m, pos });
    } else if ((m = sticky(FLOAT, expression, pos))) {
      out.push({ type: 'FLOAT', text: m, value: Number(m), pos });
    } else if ((m = sticky(NUMBER, expression, pos))) {
      out.push({ type: 'NUMBER', text: m, value: Number(m), pos });
    } else if (c in QUOTES) {
      const [text, end] = readQuoted(expression, pos);
      out.push({ type: QUOTES[c]!, text, pos });
      pos = end;
      continue;
    } else if ((m = sticky(FILTER_OP, expression, pos))) {
      out.push({ type: 'FILTER_OP', text: m, pos });
    } else if (expression.startsWith('..', pos)) {
      m = '..';
      out.push({ type: 'DOUBLEDOT', text: m, pos });
    } else if (LITERALS.has(c)) {
      m = c;
      out.push({ type: c as TokenType, text: c, pos });
    } else {
      throw new JsonPathSyntaxError(expression, `unexpected character ${JSON.stringify(c)}`, pos + 1);
    }
    pos += m.length;
  }
  out.push({ type: 'EOF', text: '', pos: n });
  return out;
}

/** Reads a quoted field name or back-quoted operator; a backslash takes the next character as is. */
function readQuoted(expression: string, start: number): [string, number] {
  const quote = expression[start]!;
  let text = '';
  let i = start + 1;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === '\\' && i + 1 < expression.length) {
      text += expression[i + 1];
      i += 2;
    } else if (c === quote) {
      return [text, i + 1];
    } else {
      text += c;
      i++;
    }
  }
  throw new JsonPathSyntaxError(expression, 'unexpected end of expression in a quoted string', start + 1);
}
