/**
 * jsonpath-rw-ext's additions: filters `[?(@.a = 'x' & @.b > 1)]`, sorting `[/a, \b]` and
 * `` `sorted` ``, `` `len` ``, `` `split(., 0, -1)` ``, `` `sub(/re/, repl)` `` and arithmetic
 * (`$.a * 100`, `$.a + '_' + $.b`).
 */
import { PyFloat, compilePythonMatch, compilePythonSub, isPyDict, type PythonMatcher, type PythonSubstitution } from '@ceilometer-ts/sdk';
import { Datum } from './datum.js';
import { JsonPathEvaluationError } from './errors.js';
import { pyLen, type JsonPathNode } from './nodes.js';
import { PY_TYPE_ERROR, pyArith, pyCompare, pyEquals, pyInt, pySplit } from './py-semantics.js';

/** The right-hand side of a filter comparison: a string (identifier or quoted), number or boolean. */
export type FilterOperand = { readonly kind: 'str'; readonly value: string } | { readonly kind: 'int' | 'float' | 'bool'; readonly value: number | boolean };

/** One filter condition: `target` alone (exists, non-empty) or `target OP operand`. */
export class FilterExpression {
  readonly #regex: PythonMatcher | undefined;
  constructor(readonly target: JsonPathNode, readonly op: string | null, readonly operand: FilterOperand | null) {
    // jsonpath-rw-ext: `'~': lambda s, pat: re.match(pat, s)`
    if (op === '~' && operand?.kind === 'str') this.#regex = compilePythonMatch(operand.value);
  }

  matches(item: unknown): boolean {
    const found = this.target.find(new Datum(item));
    if (found.length === 0) return false;
    if (this.op === null || this.operand === null) return true;
    return found.some((d) => this.#test(d.value));
  }

  #test(raw: unknown): boolean {
    if (raw === null || raw === undefined) return false;
    const operand = this.operand!;
    let value = raw;
    // NOTE: Python's bool is an int, so a boolean operand converts with int() too.
    if (operand.kind === 'int' || operand.kind === 'bool') {
      const converted = pyInt(raw);
      if (converted === PY_TYPE_ERROR) return false;
      value = converted;
    }
    const right = operand.value;
    switch (this.op) {
      case '=':
      case '==': return pyEquals(value, right);
      case '!=': return !pyEquals(value, right);
      case '~': return typeof value === 'string' && this.#regex !== undefined && this.#regex.match(value) !== null;
      default: {
        const c = pyCompare(value, right);
        if (c === PY_TYPE_ERROR) return false;
        return this.op === '<' ? c < 0 : this.op === '<=' ? c <= 0 : this.op === '>' ? c > 0 : c >= 0;
      }
    }
  }

  toString(): string {
    return this.op === null ? String(this.target) : `${this.target} ${this.op} ${JSON.stringify(this.operand?.value)}`;
  }
}

/** `[?cond & cond]`: the items of a list for which every condition holds. */
export class Filter implements JsonPathNode {
  constructor(readonly expressions: readonly FilterExpression[]) {}
  find(datum: Datum): Datum[] {
    if (!Array.isArray(datum.value)) return [];
    const items = datum.value as readonly unknown[];
    const out: Datum[] = [];
    items.forEach((item, i) => {
      if (this.expressions.every((e) => e.matches(item))) out.push(new Datum(item, `[${i}]`, datum));
    });
    return out;
  }
  toString(): string {
    return `[?${this.expressions.join(' & ')}]`;
  }
}

/** `` `sorted` `` or `[/key, \key]`: the list (or a mapping's keys) sorted, `\` meaning descending. */
export class Sorted implements JsonPathNode {
  constructor(readonly keys: readonly { readonly path: JsonPathNode; readonly descending: boolean }[] = []) {}
  find(datum: Datum): Datum[] {
    const v = datum.value;
    if (isPyDict(v) && this.keys.length > 0) return [datum];
    if (!isPyDict(v) && !Array.isArray(v)) return [datum];
    const items: unknown[] = isPyDict(v) ? Object.keys(v) : [...(v as readonly unknown[])];
    const cmp = this.keys.length > 0 ? (a: unknown, b: unknown) => this.#byKeys(a, b) : plainCompare;
    return [new Datum(items.sort(cmp))];
  }
  #byKeys(a: unknown, b: unknown): number {
    for (const { path, descending } of this.keys) {
      const l = path.find(new Datum(a));
      const r = path.find(new Datum(b));
      if (l.length !== 1 || r.length !== 1 || pyEquals(l[0]!.value, r[0]!.value)) continue;
      const c = pyCompare(l[0]!.value, r[0]!.value);
      if (c === PY_TYPE_ERROR) continue;
      return descending ? -c : c;
    }
    return 0;
  }
  toString(): string {
    return this.keys.length === 0 ? '`sorted`' : `[${this.keys.map((k) => `${k.descending ? '\\' : '/'}${k.path}`).join(',')}]`;
  }
}

/** Python's type name of a wire value, for error messages. */
function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'int';
  if (typeof value === 'number' || value instanceof PyFloat) return 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}

function plainCompare(a: unknown, b: unknown): number {
  const c = pyCompare(a, b);
  return c === PY_TYPE_ERROR ? 0 : c;
}

/** `` `len` ``: the length of a string, list or mapping. */
export class Len implements JsonPathNode {
  find(datum: Datum): Datum[] {
    const n = pyLen(datum.value);
    return n === undefined ? [] : [new Datum(n, '`len`', null)];
  }
  toString(): string {
    return '`len`';
  }
}

/** `` `split(c, segment, maxsplit)` ``: one segment of a string split on a character. */
export class Split implements JsonPathNode {
  constructor(readonly separator: string, readonly segment: number, readonly maxsplit: number) {}
  find(datum: Datum): Datum[] {
    if (typeof datum.value !== 'string') return [];
    const part = pySplit(datum.value, this.separator, this.maxsplit)[this.segment];
    return part === undefined ? [] : [new Datum(part)];
  }
  toString(): string {
    return `\`split(${this.separator}, ${this.segment}, ${this.maxsplit})\``;
  }
}

/**
 * `` `sub(/regex/, repl)` ``: regex substitution; nothing when the string is unchanged. Unlike
 * `split` and `len`, jsonpath-rw-ext does not catch errors here: `re.sub` on None or a number raises
 * TypeError, which fails the whole definition (no sample, no event), so this throws too.
 */
export class Sub implements JsonPathNode {
  readonly #sub: PythonSubstitution;
  constructor(readonly pattern: string, readonly replacement: string) {
    this.#sub = compilePythonSub(pattern, replacement);
  }
  find(datum: Datum): Datum[] {
    if (typeof datum.value !== 'string') {
      throw new JsonPathEvaluationError(`${String(this)}: expected string or bytes-like object, got ${pyTypeName(datum.value)}`);
    }
    const out = this.#sub.apply(datum.value);
    return out === datum.value ? [] : [new Datum(out)];
  }
  toString(): string {
    return `\`sub(/${this.pattern}/, ${this.replacement})\``;
  }
}

/** An arithmetic operand: a path, or a literal (number, or a lone identifier taken as a string). */
export type Operand = { readonly path: JsonPathNode } | { readonly literal: string | number };

/**
 * `left op right`. Two paths combine pairwise and only when they match as many values; a path and
 * a literal combine per match; any Python TypeError makes the whole result empty.
 */
export class Operation implements JsonPathNode {
  constructor(readonly left: Operand, readonly op: string, readonly right: Operand) {}
  find(datum: Datum): Datum[] {
    const results: unknown[] = [];
    const l = 'path' in this.left ? this.left.path.find(datum).map((d) => d.value) : undefined;
    const r = 'path' in this.right ? this.right.path.find(datum).map((d) => d.value) : undefined;
    let pairs: [unknown, unknown][];
    if (l && r) {
      if (l.length === 0 || l.length !== r.length) return [];
      pairs = l.map((v, i) => [v, r[i]]);
    } else if (l) pairs = l.map((v) => [v, (this.right as { literal: unknown }).literal]);
    else if (r) pairs = r.map((v) => [(this.left as { literal: unknown }).literal, v]);
    else pairs = [[(this.left as { literal: unknown }).literal, (this.right as { literal: unknown }).literal]];
    for (const [a, b] of pairs) {
      const v = pyArith(this.op, a, b);
      if (v === PY_TYPE_ERROR) return [];
      results.push(v);
    }
    return results.map((v) => new Datum(v));
  }
  toString(): string {
    const show = (o: Operand): string => ('path' in o ? String(o.path) : JSON.stringify(o.literal));
    return `(${show(this.left)} ${this.op} ${show(this.right)})`;
  }
}
