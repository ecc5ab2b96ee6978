/**
 * A recursive-descent parser with Python's operator precedence, for the subset the language
 * accepts. Anything else is an ExpressionSyntaxError naming the token and its column.
 */
import type { BinaryOperator, CompareOperator, Node } from './ast.js';
import { ExpressionSyntaxError } from './errors.js';
import { REFUSED_KEYWORDS, tokenize, type Token } from './tokens.js';

const COMPARE_OPS = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** Parses `source` into a syntax tree. */
export function parse(source: string): Node {
  return new Parser(source).parseAll();
}

class Parser {
  readonly #source: string;
  readonly #tokens: Token[];
  #pos = 0;

  constructor(source: string) {
    this.#source = source;
    this.#tokens = tokenize(source);
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
    if (token.kind === 'name' && REFUSED_KEYWORDS.has(token.text)) return this.#error(token, `"${token.text}" is not allowed`);
    return this.#error(token, `unexpected ${JSON.stringify(token.text)}`);
  }

  #conditional(): Node {
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
    while (this.#peek().kind === 'op' && COMPARE_OPS.has(this.#peek().text)) {
      const op = this.#next().text as CompareOperator;
      rest.push([op, this.#arith()]);
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
      if (this.#isOp('(')) throw this.#error(this.#peek(), 'function calls are not allowed ("(")');
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
        throw this.#unexpected(t);
      default:
        throw this.#unexpected(t);
    }
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end of the expression' : JSON.stringify(t.text);
}
