/**
 * A recursive-descent parser with Python's operator precedence, for the subset the language
 * accepts. Anything else is an ExpressionSyntaxError naming the token and its column.
 */
import type { BinaryOperator, CompareOperator, Node } from './ast.js';
import { ExpressionSyntaxError } from './errors.js';
import { REFUSED_KEYWORDS, tokenize, type Token } from './tokens.js';

const COMPARE_OPS = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** Options of {@link parse}. */
export interface ParseOptions {
  /**
   * Accept the Python subset of dynamic pollster operations: subscripts and slices, calls, list and
   * dict displays, `lambda`, `in`, `not in`, `is`, `is not`. Default: false.
   */
  readonly python?: boolean;
}

/** Parses `source` into a syntax tree. */
export function parse(source: string, options: ParseOptions = {}): Node {
  return new Parser(source, options.python === true).parseAll();
}

class Parser {
  readonly #source: string;
  readonly #tokens: Token[];
  readonly #python: boolean;
  #pos = 0;

  constructor(source: string, python: boolean) {
    this.#source = source;
    this.#tokens = tokenize(source);
    this.#python = python;
  }

  #isName(text: string, offset = 0): boolean {
    const t = this.#tokens[this.#pos + offset];
    return t !== undefined && t.kind === 'name' && t.text === text;
  }

  #expect(text: string, opening: Token): void {
    if (!this.#isOp(text)) throw this.#error(this.#peek(), `expected "${text}" to close the "${opening.text}" at column ${opening.column}`);
    this.#next();
  }

  /** Items up to `close`, separated by commas (a trailing comma allowed). */
  #items<T>(close: string, opening: Token, item: () => T): T[] {
    const items: T[] = [];
    while (!this.#isOp(close)) {
      items.push(item());
      if (!this.#isOp(',')) break;
      this.#next();
    }
    this.#expect(close, opening);
    return items;
  }

  #lambda(): Node {
    const at = this.#next();
    const params: string[] = [];
    while (!this.#isOp(':')) {
      const name = this.#next();
      if (name.kind !== 'name' || REFUSED_KEYWORDS.has(name.text)) throw this.#error(name, `expected a parameter name, got ${describe(name)}`);
      params.push(name.text);
      if (!this.#isOp(',')) break;
      this.#next();
    }
    if (!this.#isOp(':')) throw this.#error(this.#peek(), `expected ":" after the lambda's parameters`);
    this.#next();
    return { type: 'lambda', params, body: this.#conditional(), column: at.column };
  }

  parseAll(): Node {
    if (this.#peek().kind === 'end') throw this.#error(this.#peek(), 'empty expression');
    const node = this.#conditional();
    const next = this.#peek();
    if (next.kind !== 'end') throw this.#unexpected(next);
    return node;
  }

  #peek(): Token {
    return this.#tokens[this.#pos] as Token;
  }

  #next(): Token {
    return this.#tokens[this.#pos++] as Token;
  }

  #isOp(text: string): boolean {
    const t = this.#peek();
    return t.kind === 'op' && t.text === text;
  }

  #isKeyword(text: string): boolean {
    const t = this.#peek();
    return t.kind === 'keyword' && t.text === text;
  }

  #error(token: Token, reason: string): ExpressionSyntaxError {
    return new ExpressionSyntaxError(this.#source, token.column, reason);
  }

  #unexpected(token: Token): ExpressionSyntaxError {
    if (token.kind === 'end') return this.#error(token, 'unexpected end of expression');
    if (token.kind === 'op' && token.text === '(') return this.#error(token, 'function calls are not allowed ("(")');
    if (token.kind === 'op' && token.text === '[') return this.#error(token, 'subscripts are not allowed ("[")');
    if (token.kind === 'name' && REFUSED_KEYWORDS.has(token.text)) return this.#error(token, `"${token.text}" is not allowed`);
    return this.#error(token, `unexpected ${JSON.stringify(token.text)}`);
  }

  #conditional(): Node {
    if (this.#python && this.#isName('lambda')) return this.#lambda();
    const then = this.#or();
    if (!this.#isKeyword('if')) return then;
    const at = this.#next();
    const test = this.#or();
    if (!this.#isKeyword('else')) throw this.#error(this.#peek(), `expected "else" for the "if" at column ${at.column}`);
    this.#next();
    const otherwise = this.#conditional();
    return { type: 'conditional', test, then, otherwise, column: then.column };
  }

  #or(): Node {
    let left = this.#and();
    while (this.#isKeyword('or')) {
      this.#next();
      left = { type: 'logical', operator: 'or', left, right: this.#and(), column: left.column };
    }
    return left;
  }

  #and(): Node {
    let left = this.#not();
    while (this.#isKeyword('and')) {
      this.#next();
      left = { type: 'logical', operator: 'and', left, right: this.#not(), column: left.column };
    }
    return left;
  }

  #not(): Node {
    if (this.#isKeyword('not')) {
      const at = this.#next();
      return { type: 'unary', operator: 'not', operand: this.#not(), column: at.column };
    }
    return this.#comparison();
  }

  #comparison(): Node {
    const first = this.#arith();
    const rest: (readonly [CompareOperator, Node])[] = [];
    for (;;) {
      if (this.#peek().kind === 'op' && COMPARE_OPS.has(this.#peek().text)) {
        rest.push([this.#next().text as CompareOperator, this.#arith()]);
        continue;
      }
      if (!this.#python) break;
      if (this.#isName('in')) {
        this.#next();
        rest.push(['in', this.#arith()]);
      } else if (this.#isKeyword('not') && this.#isName('in', 1)) {
        this.#pos += 2;
        rest.push(['not in', this.#arith()]);
      } else if (this.#isName('is')) {
        this.#next();
        const negated = this.#isKeyword('not');
        if (negated) this.#next();
        rest.push([negated ? 'is not' : 'is', this.#arith()]);
      } else break;
    }
    return rest.length ? { type: 'compare', first, rest, column: first.column } : first;
  }

  #arith(): Node {
    let left = this.#term();
    while (this.#isOp('+') || this.#isOp('-')) {
      const op = this.#next().text as BinaryOperator;
      left = { type: 'binary', operator: op, left, right: this.#term(), column: left.column };
    }
    return left;
  }

  #term(): Node {
    let left = this.#factor();
    while (this.#isOp('*') || this.#isOp('/') || this.#isOp('//') || this.#isOp('%')) {
      const op = this.#next().text as BinaryOperator;
      left = { type: 'binary', operator: op, left, right: this.#factor(), column: left.column };
    }
    return left;
  }

  #factor(): Node {
    if (this.#isOp('-') || this.#isOp('+')) {
      const at = this.#next();
      return { type: 'unary', operator: at.text as '-' | '+', operand: this.#factor(), column: at.column };
    }
    return this.#power();
  }

  #power(): Node {
    const base = this.#postfix();
    if (!this.#isOp('**')) return base;
    this.#next();
    // NOTE: `**` binds tighter than unary minus on its left but takes a unary on its right (2 ** -1).
    return { type: 'binary', operator: '**', left: base, right: this.#factor(), column: base.column };
  }

  #postfix(): Node {
    let node = this.#atom();
    for (;;) {
      if (this.#isOp('.')) {
        this.#next();
        const name = this.#next();
        if (name.kind !== 'name' && name.kind !== 'keyword') throw this.#error(name, `expected an attribute name after ".", got ${describe(name)}`);
        node = { type: 'attribute', object: node, attribute: name.text, column: node.column };
        continue;
      }
      if (this.#isOp('(')) {
        if (!this.#python) throw this.#error(this.#peek(), 'function calls are not allowed ("(")');
        const open = this.#next();
        node = { type: 'call', callee: node, args: this.#items(')', open, () => this.#conditional()), column: node.column };
        continue;
      }
      if (this.#python && this.#isOp('[')) {
        const open = this.#next();
        const start = this.#isOp(':') ? null : this.#conditional();
        if (this.#isOp(':')) {
          this.#next();
          const stop = this.#isOp(']') ? null : this.#conditional();
          this.#expect(']', open);
          node = { type: 'slice', object: node, start, stop, column: node.column };
        } else {
          this.#expect(']', open);
          node = { type: 'subscript', object: node, index: start!, column: node.column };
        }
        continue;
      }
      return node;
    }
  }

  #atom(): Node {
    const t = this.#next();
    switch (t.kind) {
      case 'number':
      case 'string':
        return { type: 'literal', value: t.value as number | string, column: t.column };
      case 'meter':
        return { type: 'meter', meter: t.text, record: t.attributeFollows === true, column: t.column };
      case 'name':
        if (REFUSED_KEYWORDS.has(t.text)) throw this.#error(t, `"${t.text}" is not allowed`);
        return { type: 'name', name: t.text, column: t.column };
      case 'keyword':
        if (t.text === 'True' || t.text === 'False') return { type: 'literal', value: t.text === 'True', column: t.column };
        if (t.text === 'None') return { type: 'literal', value: null, column: t.column };
        throw this.#unexpected(t);
      case 'op':
        if (t.text === '(') {
          const inner = this.#conditional();
          if (!this.#isOp(')')) throw this.#error(this.#peek(), `expected ")" to close the "(" at column ${t.column}`);
          this.#next();
          return inner;
        }
        if (this.#python && t.text === '[') return { type: 'list', items: this.#items(']', t, () => this.#conditional()), column: t.column };
        if (this.#python && t.text === '{') {
          const entries = this.#items('}', t, () => {
            const key = this.#conditional();
            if (!this.#isOp(':')) throw this.#error(this.#peek(), 'expected ":" in a dict display');
            this.#next();
            return [key, this.#conditional()] as const;
          });
          return { type: 'dict', entries, column: t.column };
        }
        throw this.#unexpected(t);
      default:
        throw this.#unexpected(t);
    }
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end of the expression' : JSON.stringify(t.text);
}
