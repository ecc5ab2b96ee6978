/**
 * The core JSONPath nodes of jsonpath-rw: root, this, fields, index, slice, child, descendants,
 * union, where, parent. Each `find` returns the matching datums in document order.
 */
import { isPyDict } from '@ceilometer-ts/sdk';
import { Datum } from './datum.js';

/** A compiled JSONPath expression (or a part of one). */
export interface JsonPathNode {
  find(datum: Datum): Datum[];
  /** Canonical rendering, for error messages and tests. */
  toString(): string;
}

/** `$`: the top of the document the datum belongs to. */
export class Root implements JsonPathNode {
  find(datum: Datum): Datum[] {
    let top = datum;
    while (top.context) top = top.context;
    return [new Datum(top.value, '$', null)];
  }
  toString(): string {
    return '$';
  }
}

/** `@` or `` `this` ``: the current datum. */
export class This implements JsonPathNode {
  find(datum: Datum): Datum[] {
    return [datum];
  }
  toString(): string {
    return '@';
  }
}

/** `` `parent` ``: the datum the current one was reached from. */
export class Parent implements JsonPathNode {
  find(datum: Datum): Datum[] {
    return datum.context ? [datum.context] : [];
  }
  toString(): string {
    return '`parent`';
  }
}

/** `a`, `'a.b'`, `a,b`, `*`: members of a mapping (nothing for other values). */
export class Fields implements JsonPathNode {
  constructor(readonly fields: readonly string[]) {}
  find(datum: Datum): Datum[] {
    const value = datum.value;
    if (!isPyDict(value)) return [];
    const names = this.fields.includes('*') ? Object.keys(value) : this.fields;
    const out: Datum[] = [];
    for (const name of names) {
      if (Object.hasOwn(value, name) && value[name] !== undefined) out.push(new Datum(value[name], name, datum));
    }
    return out;
  }
  toString(): string {
    return this.fields.map((f) => (/^[a-zA-Z_*][\w@-]*$/.test(f) ? f : JSON.stringify(f))).join(',');
  }
}

/** Python's `len()` of a string (code points), list or dict; undefined for other values. */
export function pyLen(value: unknown): number | undefined {
  if (typeof value === 'string') {
    let n = 0;
    for (const _ of value) n++;
    return n;
  }
  if (Array.isArray(value)) return value.length;
  if (isPyDict(value)) return Object.keys(value).length;
  return undefined;
}

/** `[n]`: one item of a list (or character of a string); negative counts from the end. */
export class Index implements JsonPathNode {
  constructor(readonly index: number) {}
  find(datum: Datum): Datum[] {
    const value = datum.value;
    let items: readonly unknown[];
    if (Array.isArray(value)) items = value;
    else if (typeof value === 'string') items = Array.from(value);
    else return [];
    if (items.length <= this.index) return [];
    const i = this.index < 0 ? items.length + this.index : this.index;
    if (i < 0) return [];
    return [new Datum(items[i], `[${this.index}]`, datum)];
  }
  toString(): string {
    return `[${this.index}]`;
  }
}

/** `[*]`, `[a:b]`: items of a list; a mapping, number or string counts as a one-item list. */
export class Slice implements JsonPathNode {
  constructor(readonly start: number | null = null, readonly end: number | null = null) {}
  find(datum: Datum): Datum[] {
    let list = datum;
    const v = datum.value;
    if (isPyDict(v) || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))) {
      list = new Datum([v], datum.step, datum.context);
    }
    if (!Array.isArray(list.value)) return [];
    const items = list.value as readonly unknown[];
    const [from, to] = sliceBounds(items.length, this.start, this.end);
    const out: Datum[] = [];
    for (let i = from; i < to; i++) out.push(new Datum(items[i], `[${i}]`, list));
    return out;
  }
  toString(): string {
    return this.start === null && this.end === null ? '[*]' : `[${this.start ?? ''}:${this.end ?? ''}]`;
  }
}

function sliceBounds(length: number, start: number | null, end: number | null): [number, number] {
  const clamp = (n: number): number => Math.min(Math.max(n < 0 ? n + length : n, 0), length);
  return [start === null ? 0 : clamp(start), end === null ? length : clamp(end)];
}

/** `left.right`. */
export class Child implements JsonPathNode {
  constructor(readonly left: JsonPathNode, readonly right: JsonPathNode) {}
  find(datum: Datum): Datum[] {
    return this.left.find(datum).flatMap((d) => this.right.find(d));
  }
  toString(): string {
    return `${this.left}.${this.right}`;
  }
}

/** `left..right`: `right` matched at every depth below each `left` match. */
export class Descendants implements JsonPathNode {
  constructor(readonly left: JsonPathNode, readonly right: JsonPathNode) {}
  find(datum: Datum): Datum[] {
    const walk = (d: Datum): Datum[] => {
      const out = this.right.find(d);
      const v = d.value;
      if (Array.isArray(v)) v.forEach((item, i) => out.push(...walk(new Datum(item, `[${i}]`, d))));
      else if (isPyDict(v)) for (const [k, item] of Object.entries(v)) if (item !== undefined) out.push(...walk(new Datum(item, k, d)));
      return out;
    };
    return this.left.find(datum).flatMap(walk);
  }
  toString(): string {
    return `${this.left}..${this.right}`;
  }
}

/** `left|right`: the matches of both, left first. */
export class Union implements JsonPathNode {
  constructor(readonly left: JsonPathNode, readonly right: JsonPathNode) {}
  find(datum: Datum): Datum[] {
    return [...this.left.find(datum), ...this.right.find(datum)];
  }
  toString(): string {
    return `(${this.left}|${this.right})`;
  }
}

/** `left where right`: the `left` matches in which `right` matches something. */
export class Where implements JsonPathNode {
  constructor(readonly left: JsonPathNode, readonly right: JsonPathNode) {}
  find(datum: Datum): Datum[] {
    return this.left.find(datum).filter((d) => this.right.find(d).length > 0);
  }
  toString(): string {
    return `${this.left} where ${this.right}`;
  }
}
