/**
 * The Python subset dynamic pollster operations use (`value.split('$')[0]`, `','.join(value)`,
 * `value.get('href')`, `filter(lambda v: ..., value)`, `str(sample['id'])`): a fixed table of
 * builtins and methods over the language's values, with Python's results and exceptions. Nothing
 * else can be called.
 */
import { ExpressionEvaluationError } from './errors.js';
import { pyEquals, pyTruthy, pyTypeName, toPyValue, type PyMapping, type PyValue } from './values.js';

/** A function value: a lambda or a builtin passed to filter()/map(). */
export type PyCallable = (args: readonly PyValue[]) => PyValue;

const typeError = (message: string): ExpressionEvaluationError => new ExpressionEvaluationError('TypeError', message);
const isDict = (v: PyValue): v is PyMapping => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Python's repr of a float or int held in a JS number. */
function numberText(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n);
  return String(n);
}

/** Python's `repr()`. */
export function pyRepr(value: PyValue): string {
  if (typeof value === 'string') return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (isDict(value)) return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  return pyStrOf(value);
}

/** Python's `str()`. */
export function pyStrOf(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  return pyRepr(value);
}

/** Iterating a value as Python does: list items, str characters, dict keys. */
export function pyIterate(value: PyValue): readonly PyValue[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return Object.keys(value);
  throw typeError(`'${pyTypeName(value)}' object is not iterable`);
}

/** `obj[index]`. */
export function pyGetItem(obj: PyValue, index: PyValue): PyValue {
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (typeof index !== 'number' || !Number.isInteger(index)) throw typeError(`${pyTypeName(obj)} indices must be integers, not ${pyTypeName(index)}`);
    const i = index < 0 ? obj.length + index : index;
    if (i < 0 || i >= obj.length) throw new ExpressionEvaluationError('IndexError', `${pyTypeName(obj)} index out of range`);
    return typeof obj === 'string' ? [...obj][i] ?? '' : toPyValue(obj[i]);
  }
  if (isDict(obj)) {
    const key = typeof index === 'string' ? index : index === null || typeof index === 'object' ? null : pyStrOf(index);
    if (key === null || !Object.hasOwn(obj, key)) throw new ExpressionEvaluationError('KeyError', pyRepr(index));
    return toPyValue(obj[key]);
  }
  throw typeError(`'${pyTypeName(obj)}' object is not subscriptable`);
}

/** `obj[start:stop]`. */
export function pySlice(obj: PyValue, start: PyValue, stop: PyValue): PyValue {
  if (!Array.isArray(obj) && typeof obj !== 'string') throw typeError(`'${pyTypeName(obj)}' object is not subscriptable`);
  const bound = (v: PyValue, fallback: number): number => {
    if (v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError('slice indices must be integers or None');
    return v;
  };
  const s = bound(start, 0);
  const e = bound(stop, obj.length);
  return typeof obj === 'string' ? [...obj].slice(s, e).join('') : obj.slice(s, e);
}

/** `needle in haystack`. */
export function pyContains(haystack: PyValue, needle: PyValue): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${pyTypeName(needle)}`);
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((v) => pyEquals(toPyValue(v), needle));
  if (isDict(haystack)) return typeof needle === 'string' ? Object.hasOwn(haystack, needle) : needle !== null && typeof needle !== 'object' && Object.hasOwn(haystack, pyStrOf(needle));
  throw typeError(`argument of type '${pyTypeName(haystack)}' is not iterable`);
}

function argCount(name: string, args: readonly unknown[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    throw typeError(`${name}() takes ${min === max ? min : `from ${min} to ${max}`} argument(s) (${args.length} given)`);
  }
}

function toInt(value: PyValue): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ExpressionEvaluationError('OverflowError', 'cannot convert float infinity or NaN to integer');
    return Math.trunc(value);
  }
  if (typeof value === 'string' && /^\s*[+-]?\d(?:_?\d)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
  throw new ExpressionEvaluationError('ValueError', `invalid literal for int() with base 10: ${pyRepr(value)}`);
}

function toFloat(value: PyValue): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (/^[+-]?(?:inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(t)) return NaN;
    if (/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/.test(t)) return Number(t.replace(/_/g, ''));
  }
  throw new ExpressionEvaluationError('ValueError', `could not convert ${pyTypeName(value)} to float: ${pyRepr(value)}`);
}

function numbers(name: string, values: readonly PyValue[]): number[] {
  return values.map((v) => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw typeError(`${name}() of ${pyTypeName(v)} values is not supported`);
  });
}

/** Builtins a name may call; `callables` are the function arguments of filter() and map(). */
export const BUILTINS: Readonly<Record<string, (args: readonly PyValue[], callables: readonly (PyCallable | null)[]) => PyValue>> = {
  str: (args) => (argCount('str', args, 0, 1), args.length ? pyStrOf(args[0]!) : ''),
  repr: (args) => (argCount('repr', args, 1, 1), pyRepr(args[0]!)),
  int: (args) => (argCount('int', args, 0, 1), args.length ? toInt(args[0]!) : 0),
  float: (args) => (argCount('float', args, 0, 1), args.length ? toFloat(args[0]!) : 0),
  bool: (args) => (argCount('bool', args, 0, 1), args.length ? pyTruthy(args[0]!) : false),
  len: (args) => {
    argCount('len', args, 1, 1);
    const v = args[0]!;
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isDict(v)) return Object.keys(v).length;
    throw typeError(`object of type '${pyTypeName(v)}' has no len()`);
  },
  list: (args) => (argCount('list', args, 0, 1), args.length ? [...pyIterate(args[0]!)] : []),
  abs: (args) => (argCount('abs', args, 1, 1), Math.abs(numbers('abs', args)[0]!)),
  min: (args) => {
    const values = numbers('min', args.length === 1 ? pyIterate(args[0]!) : args);
    if (!values.length) throw new ExpressionEvaluationError('ValueError', 'min() arg is an empty sequence');
    return Math.min(...values);
  },
  max: (args) => {
    const values = numbers('max', args.length === 1 ? pyIterate(args[0]!) : args);
    if (!values.length) throw new ExpressionEvaluationError('ValueError', 'max() arg is an empty sequence');
    return Math.max(...values);
  },
  sum: (args) => (argCount('sum', args, 1, 1), numbers('sum', pyIterate(args[0]!)).reduce((a, b) => a + b, 0)),
  round: (args) => {
    argCount('round', args, 1, 2);
    const [x] = numbers('round', [args[0]!]);
    const digits = args.length > 1 ? toInt(args[1]!) : 0;
    const f = 10 ** digits;
    // Python rounds halves to even.
    const scaled = x! * f;
    const r = Math.round(scaled);
    const even = Math.abs(scaled % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    return even / f;
  },
  // filter(function or None, iterable), map(function, iterable): the results are lists (Python's iterators, consumed at once).
  filter: (args, callables) => {
    argCount('filter', args, 2, 2);
    const fn = callables[0];
    return pyIterate(args[1]!).filter((v) => pyTruthy(fn ? fn([v]) : v));
  },
  map: (args, callables) => {
    argCount('map', args, 2, 2);
    const fn = callables[0];
    if (!fn) throw typeError("'NoneType' object is not callable");
    return pyIterate(args[1]!).map((v) => fn([v]));
  },
};

/** Builtins that take a function as their first argument. */
export const FUNCTION_ARGUMENT_BUILTINS: ReadonlySet<string> = new Set(['filter', 'map']);

function strArg(method: string, v: PyValue | undefined, optional = false): string | null {
  if (v === undefined || (optional && v === null)) return null;
  if (typeof v !== 'string') throw typeError(`${method}() argument must be str, not ${pyTypeName(v)}`);
  return v;
}

function stripChars(text: string, chars: string | null, left: boolean, right: boolean): string {
  const set = chars === null ? null : new Set(chars);
  const strip = (ch: string): boolean => (set ? set.has(ch) : /\s/.test(ch));
  const cps = [...text];
  let s = 0;
  let e = cps.length;
  while (left && s < e && strip(cps[s]!)) s++;
  while (right && e > s && strip(cps[e - 1]!)) e--;
  return cps.slice(s, e).join('');
}

function split(text: string, sep: string | null, maxsplit: number): string[] {
  if (sep === '') throw new ExpressionEvaluationError('ValueError', 'empty separator');
  if (sep === null) {
    const words = text.trim().split(/\s+/).filter(Boolean);
    if (maxsplit < 0 || words.length <= maxsplit + 1) return words;
    const out: string[] = [];
    let rest = text.replace(/^\s+/, '');
    for (let i = 0; i < maxsplit; i++) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return [...out, rest];
  }
  const parts = text.split(sep);
  return maxsplit < 0 || parts.length <= maxsplit + 1 ? parts : [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

const STR_METHODS: Readonly<Record<string, (self: string, args: readonly PyValue[]) => PyValue>> = {
  split: (s, a) => (argCount('split', a, 0, 2), split(s, strArg('split', a[0], true), a.length > 1 ? toInt(a[1]!) : -1)),
  strip: (s, a) => (argCount('strip', a, 0, 1), stripChars(s, strArg('strip', a[0], true), true, true)),
  lstrip: (s, a) => (argCount('lstrip', a, 0, 1), stripChars(s, strArg('lstrip', a[0], true), true, false)),
  rstrip: (s, a) => (argCount('rstrip', a, 0, 1), stripChars(s, strArg('rstrip', a[0], true), false, true)),
  lower: (s, a) => (argCount('lower', a, 0, 0), s.toLowerCase()),
  upper: (s, a) => (argCount('upper', a, 0, 0), s.toUpperCase()),
  replace: (s, a) => (argCount('replace', a, 2, 2), s.split(strArg('replace', a[0])!).join(strArg('replace', a[1])!)),
  startswith: (s, a) => (argCount('startswith', a, 1, 1), s.startsWith(strArg('startswith', a[0])!)),
  endswith: (s, a) => (argCount('endswith', a, 1, 1), s.endsWith(strArg('endswith', a[0])!)),
  find: (s, a) => (argCount('find', a, 1, 1), s.indexOf(strArg('find', a[0])!)),
  join: (s, a) => {
    argCount('join', a, 1, 1);
    return pyIterate(a[0]!)
      .map((v, i) => {
        if (typeof v !== 'string') throw typeError(`sequence item ${i}: expected str instance, ${pyTypeName(v)} found`);
        return v;
      })
      .join(s);
  },
};

const DICT_METHODS: Readonly<Record<string, (self: PyMapping, args: readonly PyValue[]) => PyValue>> = {
  get: (d, a) => {
    argCount('get', a, 1, 2);
    const key = a[0]!;
    return pyContains(d, key) ? pyGetItem(d, key) : a.length > 1 ? a[1]! : null;
  },
  keys: (d, a) => (argCount('keys', a, 0, 0), Object.keys(d)),
  values: (d, a) => (argCount('values', a, 0, 0), Object.values(d).map(toPyValue)),
  items: (d, a) => (argCount('items', a, 0, 0), Object.entries(d).map(([k, v]) => [k, toPyValue(v)])),
};

const LIST_METHODS: Readonly<Record<string, (self: readonly PyValue[], args: readonly PyValue[]) => PyValue>> = {
  index: (l, a) => {
    argCount('index', a, 1, 1);
    const i = l.findIndex((v) => pyEquals(toPyValue(v), a[0]!));
    if (i < 0) throw new ExpressionEvaluationError('ValueError', `${pyRepr(a[0]!)} is not in list`);
    return i;
  },
  count: (l, a) => (argCount('count', a, 1, 1), l.filter((v) => pyEquals(toPyValue(v), a[0]!)).length),
};

/** Every method name the language knows (for compile-time checks). */
export const METHOD_NAMES: ReadonlySet<string> = new Set([...Object.keys(STR_METHODS), ...Object.keys(DICT_METHODS), ...Object.keys(LIST_METHODS)]);

/** `self.method(*args)`. */
export function pyCallMethod(self: PyValue, method: string, args: readonly PyValue[]): PyValue {
  const table: Readonly<Record<string, (s: never, a: readonly PyValue[]) => PyValue>> =
    typeof self === 'string' ? STR_METHODS : Array.isArray(self) ? LIST_METHODS : isDict(self) ? DICT_METHODS : {};
  const fn = Object.hasOwn(table, method) ? table[method] : undefined;
  if (!fn) throw new ExpressionEvaluationError('AttributeError', `'${pyTypeName(self)}' object has no attribute '${method}'`);
  return fn(self as never, args);
}
