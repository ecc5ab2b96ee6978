/**
 * Python's value semantics for the types an expression sees: numbers (int and float alike), str,
 * bool, None, dicts (sample fields, resource_metadata) and lists.
 */
import { ExpressionEvaluationError } from './errors.js';

/** A value inside an expression. Mappings and lists come from sample data and are never mutated. */
export type PyValue = number | string | boolean | null | PyMapping | readonly PyValue[];
export interface PyMapping {
  readonly [key: string]: PyValue;
}

/** Python's type name of a value, as its error messages print it. */
export function pyTypeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** Python's truthiness: 0, '', None, False, empty dicts and lists are false. */
export function pyTruthy(value: PyValue): boolean {
  if (value === null) return false;
  if (typeof value === 'object') return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * Converts sample data (anything JSON-like) into a PyValue; undefined becomes None. Wire numbers
 * (an int beyond 2^53 as a bigint, a float held in a number wrapper such as the sdk's PyFloat)
 * become plain numbers, as Python computes with them.
 */
export function toPyValue(value: unknown): PyValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object') {
    // NOTE: plain objects and arrays return themselves from valueOf(); a number wrapper its number.
    const primitive: unknown = value.valueOf();
    return typeof primitive === 'number' ? primitive : (value as PyValue);
  }
  return null;
}

function isNumeric(value: PyValue): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

function num(value: number | boolean): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function unsupported(op: string, a: PyValue, b: PyValue): ExpressionEvaluationError {
  return new ExpressionEvaluationError('TypeError', `unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function zeroDivision(message: string): ExpressionEvaluationError {
  return new ExpressionEvaluationError('ZeroDivisionError', message);
}

/** Python's modulo: the result takes the divisor's sign. */
function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** A binary arithmetic operator with Python's semantics (`/` true division, `//` floor, `%` floor modulo). */
export function pyBinary(op: string, a: PyValue, b: PyValue): PyValue {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (!isNumeric(a) || !isNumeric(b)) throw unsupported(op === '**' ? '** or pow()' : op, a, b);
  const x = num(a);
  const y = num(b);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw zeroDivision('division by zero');
      return x / y;
    case '//':
      if (y === 0) throw zeroDivision('integer division or modulo by zero');
      return Math.floor(x / y);
    case '%':
      if (y === 0) throw zeroDivision('integer division or modulo by zero');
      return pyMod(x, y);
    case '**': {
      if (x === 0 && y < 0) throw zeroDivision('0.0 cannot be raised to a negative power');
      const r = x ** y;
      if (Number.isNaN(r) && x < 0) throw new ExpressionEvaluationError('ValueError', 'negative number raised to a fractional power');
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new ExpressionEvaluationError('OverflowError', 'numerical result out of range');
      return r;
    }
    default:
      throw new ExpressionEvaluationError('TypeError', `unknown operator ${op}`);
  }
}

/** Unary `-` and `+` (numbers and bools only, as Python). */
export function pyUnary(op: '-' | '+', a: PyValue): number {
  if (!isNumeric(a)) throw new ExpressionEvaluationError('TypeError', `bad operand type for unary ${op}: '${pyTypeName(a)}'`);
  return op === '-' ? -num(a) : num(a);
}

/** Python's `==`: numbers and bools compare by value, containers deeply, other type mixes are unequal. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (isNumeric(a) && isNumeric(b)) return num(a) === num(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as readonly PyValue[];
    return a.length === bl.length && a.every((v, i) => pyEquals(v, bl[i] as PyValue));
  }
  const am = a as PyMapping;
  const bm = b as PyMapping;
  const keys = Object.keys(am);
  return keys.length === Object.keys(bm).length && keys.every((k) => Object.hasOwn(bm, k) && pyEquals(am[k] as PyValue, bm[k] as PyValue));
}

/** One comparison; ordering numbers with strings or None is a TypeError, as in Python 3. */
export function pyCompare(op: string, a: PyValue, b: PyValue): boolean {
  if (op === '==') return pyEquals(a, b);
  if (op === '!=') return !pyEquals(a, b);
  let x: number | string;
  let y: number | string;
  if (isNumeric(a) && isNumeric(b)) {
    x = num(a);
    y = num(b);
  } else if (typeof a === 'string' && typeof b === 'string') {
    x = a;
    y = b;
  } else {
    throw new ExpressionEvaluationError('TypeError', `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  }
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/**
 * Attribute access on sample data: a key of a dict (a missing key is None, as rocky's Namespace
 * made missing attributes falsy), None stays None; anything else has no attributes.
 */
export function pyAttribute(value: PyValue, attribute: string): PyValue {
  if (value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const map = value as PyMapping;
    return Object.hasOwn(map, attribute) ? toPyValue(map[attribute]) : null;
  }
  throw new ExpressionEvaluationError('AttributeError', `'${pyTypeName(value)}' object has no attribute '${attribute}'`);
}

/**
 * A result as a sample volume, as Python's `float()` takes it: numbers and bools; NaN, infinities
 * and other types are refused.
 */
export function toVolume(value: PyValue): number {
  if (isNumeric(value)) {
    const n = num(value);
    if (Number.isFinite(n)) return n;
    throw new ExpressionEvaluationError('ArithmeticError', `expression evaluated to ${n}`);
  }
  throw new ExpressionEvaluationError('TypeError', `expression evaluated to a ${pyTypeName(value)}, expected a number`);
}
