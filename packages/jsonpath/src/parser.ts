/**
 * A recursive-descent parser giving the trees jsonpath-rw-ext's LALR parser gives, precedence
 * quirks included:
 * - path operators bind, loosest first: `..`, `.`, `|`, `&`, `where` (left-associative), so
 *   `ctxt.user_id|ctxt.user` is `ctxt.(user_id|ctxt).user`, exactly as upstream reads it;
 * - brackets bind to the nearest term (`a|b[0]` is `a|(b[0])`);
 * - arithmetic binds loosest of all and groups to the right with no precedence between operators
 *   (`$.a - $.b - $.c` is `$.a - ($.b - $.c)`, `2 * 3 + 4` is `2 * (3 + 4)`); a lone identifier
 *   operand is a string literal (`$.a + "_" + $.b`). `/` is never division: the lexer makes it a
 *   sort direction.
 */
import { JsonPathSyntaxError } from './errors.js';
import { Filter, FilterExpression, Len, Operation, Sorted, Split, Sub, type FilterOperand, type Operand } from './ext-nodes.js';
import { tokenize, type Token, type TokenType } from './lexer.js';
import { Child, Descendants, Fields, Index, Parent, Root, Slice, This, Union, Where, type JsonPathNode } from './nodes.js';

const PATH_OPS: Partial<Record<TokenType, number>> = { DOUBLEDOT: 1, '.': 2, '|': 3, '&': 4, WHERE: 5 };
const ARITH_OPS = new Set<TokenType>(['+', '-', '*']);
const SPLIT_RE = /^split\((.),\s+(\d+),\s+(\d+|-1)\)/;
const SUB_RE = /^sub\(\/(.*)\/,\s+(.*)\)/;

/** Parses one expression. @throws JsonPathSyntaxError */
export function parseJsonPath(expression: string): JsonPathNode {
  return new Parser(expression).parseAll();
}

class Parser {
  readonly #tokens: Token[];
  #i = 0;

  constructor(readonly expression: string) {
    this.#tokens = tokenize(expression);
  }

  parseAll(): JsonPathNode {
    const node = this.#arith(false);
    if (this.#peek().type !== 'EOF') this.#fail(`unexpected ${this.#describe(this.#peek())}`);
    return node;
  }

  #peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#i + offset, this.#tokens.length - 1)]!;
  }

  #next(): Token {
    return this.#tokens[this.#i++]!;
  }

  #expect(type: TokenType): Token {
    const t = this.#peek();
    if (t.type !== type) this.#fail(`expected "${type}", got ${this.#describe(t)}`);
    return this.#next();
  }

  #describe(t: Token): string {
    return t.type === 'EOF' ? 'end of expression' : `"${t.text}" (${t.type})`;
  }

  #fail(reason: string, token = this.#peek()): never {
    throw new JsonPathSyntaxError(this.expression, reason, token.pos + 1);
  }

  /** operand (op arith)? with right grouping; a bare number is only valid as an operand. */
  #arith(inFilter: boolean): JsonPathNode {
    const start = this.#peek();
    const result = this.#arithOperand(inFilter);
    if ('literal' in result) return this.#fail('a number must be an arithmetic operand', start);
    return result.path;
  }

  #arithOperand(inFilter: boolean): Operand {
    const start = this.#peek();
    let left: Operand;
    if (start.type === 'NUMBER' || start.type === 'FLOAT') {
      this.#next();
      left = { literal: start.value as number };
    } else {
      left = { path: this.#path(1, inFilter) };
    }
    const op = this.#peek();
    if (!ARITH_OPS.has(op.type)) return left;
    this.#next();
    const right = this.#arithOperand(inFilter);
    return { path: new Operation(asOperand(left), op.text, asOperand(right)) };
  }

  #path(minPrec: number, inFilter: boolean): JsonPathNode {
    let left = this.#postfix(inFilter);
    for (;;) {
      const t = this.#peek();
      const prec = PATH_OPS[t.type];
      if (prec === undefined || prec < minPrec || (inFilter && t.type === '&')) return left;
      if (t.type === '&') this.#fail('the intersection operator "&" is not implemented (jsonpath-rw raises on it)');
      this.#next();
      const right = this.#path(prec + 1, inFilter);
      switch (t.type) {
        case 'DOUBLEDOT': left = new Descendants(left, right); break;
        case '.': left = new Child(left, right); break;
        case '|': left = new Union(left, right); break;
        default: left = new Where(left, right);
      }
    }
  }

  #postfix(inFilter: boolean): JsonPathNode {
    let node = this.#atom(inFilter);
    while (this.#peek().type === '[') {
      this.#next();
      node = new Child(node, this.#bracket(true));
      this.#expect(']');
    }
    return node;
  }

  #atom(inFilter: boolean): JsonPathNode {
    const t = this.#peek();
    switch (t.type) {
      case '$': this.#next(); return new Root();
      case '@': this.#next(); return new This();
      case '*': this.#next(); return new Fields(['*']);
      case 'ID': return new Fields(this.#fieldList());
      case 'NAMED': this.#next(); return this.#named(t);
      case '[': {
        this.#next();
        const node = this.#bracket(false);
        this.#expect(']');
        return node;
      }
      case '(': {
        this.#next();
        const node = this.#arith(inFilter);
        this.#expect(')');
        return node;
      }
      default: return this.#fail(`unexpected ${this.#describe(t)}`);
    }
  }

  #fieldList(): string[] {
    const fields = [this.#expect('ID').text];
    while (this.#peek().type === ',' && this.#peek(1).type === 'ID') {
      this.#next();
      fields.push(this.#next().text);
    }
    return fields;
  }

  #named(t: Token): JsonPathNode {
    const op = t.text;
    if (op === 'this') return new This();
    if (op === 'parent') return new Parent();
    if (op === 'len') return new Len();
    if (op === 'sorted') return new Sorted();
    if (op.startsWith('split(')) {
      const m = SPLIT_RE.exec(op);
      if (!m) this.#fail(`${op} is not valid (expected split(c, segment, maxsplit))`, t);
      return new Split(m[1]!, Number(m[2]), Number(m[3]));
    }
    if (op.startsWith('sub(')) {
      const m = SUB_RE.exec(op);
      if (!m) this.#fail(`${op} is not valid (expected sub(/regex/, replacement))`, t);
      try {
        return new Sub(m[1]!.trim(), m[2]!.trim());
      } catch (err) {
        return this.#fail(`${op}: ${(err as Error).message}`, t);
      }
    }
    return this.#fail(`unknown named operator \`${op}\``, t);
  }

  /** Inside `[...]`: index, slice, field list, and after a term also filter and sort keys. */
  #bracket(afterTerm: boolean): JsonPathNode {
    const t = this.#peek();
    if (t.type === '*' && this.#peek(1).type === ']') {
      this.#next();
      return new Slice();
    }
    if (t.type === 'NUMBER' && this.#peek(1).type === ']') {
      this.#next();
      return new Index(t.value as number);
    }
    if (t.type === 'NUMBER' || t.type === ':') {
      const start = t.type === 'NUMBER' ? (this.#next().value as number) : null;
      this.#expect(':');
      const end = this.#peek().type === 'NUMBER' ? (this.#next().value as number) : null;
      return new Slice(start, end);
    }
    if (t.type === 'ID') return new Fields(this.#fieldList());
    if (afterTerm && t.type === '?') {
      this.#next();
      return new Filter(this.#filterExpressions());
    }
    if (afterTerm && t.type === 'SORT') {
      const keys: { path: JsonPathNode; descending: boolean }[] = [];
      while (this.#peek().type === 'SORT') {
        const dir = this.#next().text;
        keys.push({ path: this.#arith(false), descending: dir !== '/' });
      }
      return new Sorted(keys);
    }
    return this.#fail(`unexpected ${this.#describe(t)} in brackets`);
  }

  #filterExpressions(): FilterExpression[] {
    const out: FilterExpression[] = [];
    for (;;) {
      if (this.#peek().type === '(' && this.#parenthesisedExpressions()) {
        this.#next();
        out.push(...this.#filterExpressions());
        this.#expect(')');
      } else {
        out.push(this.#filterExpression());
      }
      if (this.#peek().type !== '&') return out;
      this.#next();
    }
  }

  /** True when the `(` here opens a group of conditions rather than a parenthesised path. */
  #parenthesisedExpressions(): boolean {
    let depth = 0;
    for (let j = this.#i; j < this.#tokens.length; j++) {
      const type = this.#tokens[j]!.type;
      if (type === '(') depth++;
      else if (type === ')' && --depth === 0) {
        const after = this.#tokens[j + 1]?.type;
        return after !== 'FILTER_OP' && after !== '.' && after !== '[' && after !== 'DOUBLEDOT' && after !== '|' && after !== 'WHERE';
      } else if (type === 'EOF') return false;
    }
    return false;
  }

  #filterExpression(): FilterExpression {
    const target = this.#arith(true);
    if (this.#peek().type !== 'FILTER_OP') return new FilterExpression(target, null, null);
    const op = this.#next().text;
    const v = this.#next();
    let operand: FilterOperand;
    if (v.type === 'ID') operand = { kind: 'str', value: v.text };
    else if (v.type === 'NUMBER') operand = { kind: 'int', value: v.value as number };
    else if (v.type === 'FLOAT') operand = { kind: 'float', value: v.value as number };
    else if (v.type === 'BOOL') operand = { kind: 'bool', value: v.value as boolean };
    else return this.#fail(`expected a value after "${op}", got ${this.#describe(v)}`, v);
    try {
      return new FilterExpression(target, op, operand);
    } catch (err) {
      return this.#fail(`invalid regular expression: ${(err as Error).message}`, v);
    }
  }
}

/** A lone single-field path used as an operand is a string literal, as jsonpath-rw-ext decides. */
function asOperand(operand: Operand): Operand {
  if ('path' in operand && operand.path instanceof Fields && operand.path.fields.length === 1) {
    return { literal: operand.path.fields[0]! };
  }
  return operand;
}
