/**
 * Compiling: parse once, check every name against what the caller exposes, and build a tree of
 * closures evaluated per sample (no eval, no `new Function`).
 */
import type { Node } from './ast.js';
import { ExpressionEvaluationError, ExpressionSyntaxError } from './errors.js';
import { parse } from './parser.js';
import { BUILTINS, FUNCTION_ARGUMENT_BUILTINS, METHOD_NAMES, pyCallMethod, pyContains, pyGetItem, pySlice, type PyCallable } from './python-builtins.js';
import { pyAttribute, pyBinary, pyCompare, pyTruthy, pyUnary, toPyValue, type PyMapping, type PyValue } from './values.js';

/** What an expression may refer to; decided by the caller, checked at compile time. */
export interface CompileOptions {
  /** Top-level names the expression may use (for `scale`: the sample's fields). Default: none. */
  readonly names?: readonly string[];
  /** Whether `$(meter.name)` references are allowed (arithmetic's `expr`). Default: false. */
  readonly meterReferences?: boolean;
  /**
   * The Python subset of dynamic pollster operations: subscripts and slices, `in`/`is`, list and
   * dict displays, calls of a fixed set of builtins (`str int float bool len list abs min max sum
   * round repr filter map`) and methods (str `split strip lstrip rstrip lower upper replace
   * startswith endswith find join`, dict `get keys values items`, list `index count`), and
   * `lambda` as the function argument of `filter`/`map`. Default: false.
   */
  readonly python?: boolean;
}

/** What an evaluation sees. */
export interface EvaluationScope {
  /** Values of the top-level names (missing ones are None). */
  readonly names?: Readonly<Record<string, unknown>>;
  /** The sample (as a dict of its fields) of each meter referenced with `$(name)`. */
  readonly meters?: Readonly<Record<string, unknown>>;
}

/** A compiled expression. */
export interface CompiledExpression {
  /** The text it was compiled from. */
  readonly source: string;
  /** Meter names referenced with `$( )`, in order of first use (rocky's reference meter is the first). */
  readonly meters: readonly string[];
  /** Top-level names used. */
  readonly names: readonly string[];
  /** Evaluates; throws ExpressionEvaluationError where Python would have raised. */
  evaluate(scope?: EvaluationScope): PyValue;
}

type Evaluator = (scope: EvaluationScope) => PyValue;
type CallableEvaluator = (scope: EvaluationScope) => PyCallable | null;

function compareIn(op: string, left: PyValue, right: PyValue): boolean | undefined {
  switch (op) {
    case 'in':
      return pyContains(right, left);
    case 'not in':
      return !pyContains(right, left);
    case 'is':
      // Only None and bools are singletons among our values; others compare by identity in Python.
      return left === right;
    case 'is not':
      return left !== right;
    default:
      return undefined;
  }
}

/**
 * Compiles `source`, or throws ExpressionSyntaxError naming the offending token and its column.
 * @example compileExpression('100.0 / (10**9 * (resource_metadata.cpu_number or 1))', { names: ['resource_metadata'] })
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  const tree = parse(source, { python: options.python === true });
  const allowed = new Set(options.names ?? []);
  const meters: string[] = [];
  const names: string[] = [];
  const fail = (node: Node, reason: string): ExpressionSyntaxError => new ExpressionSyntaxError(source, node.column, reason);
  // A function argument of filter()/map(): a lambda, a builtin's name, or None.
  const buildCallable = (node: Node, locals: ReadonlySet<string>): CallableEvaluator => {
    if (node.type === 'literal' && node.value === null) return () => null;
    if (node.type === 'name' && !locals.has(node.name) && Object.hasOwn(BUILTINS, node.name)) {
      const fn = BUILTINS[node.name]!;
      return () => (args) => fn(args, []);
    }
    if (node.type !== 'lambda') throw fail(node, 'expected a lambda or a builtin function');
    const inner = new Set([...locals, ...node.params]);
    const body = build(node.body, inner);
    const params = node.params;
    return (scope) => (args) => {
      if (args.length !== params.length) throw new ExpressionEvaluationError('TypeError', `<lambda>() takes ${params.length} positional argument(s) but ${args.length} were given`);
      const bound: Record<string, unknown> = { ...scope.names };
      params.forEach((p, i) => (bound[p] = args[i]));
      return body({ ...scope, names: bound });
    };
  };
  const build = (node: Node, locals: ReadonlySet<string> = new Set()): Evaluator => {
    switch (node.type) {
      case 'literal': {
        const value = node.value;
        return () => value;
      }
      case 'name': {
        if (locals.has(node.name)) {
          const local = node.name;
          return (scope) => toPyValue(scope.names?.[local]);
        }
        if (!allowed.has(node.name)) {
          const known = allowed.size ? ` (known names: ${[...allowed].join(', ')})` : options.meterReferences ? ' (refer to meters as $(meter.name))' : '';
          throw new ExpressionSyntaxError(source, node.column, `unknown name ${JSON.stringify(node.name)}${known}`);
        }
        if (!names.includes(node.name)) names.push(node.name);
        const name = node.name;
        return (scope) => (scope.names && Object.hasOwn(scope.names, name) ? toPyValue(scope.names[name]) : null);
      }
      case 'meter': {
        if (!options.meterReferences) {
          throw new ExpressionSyntaxError(source, node.column, `meter reference $(${node.meter}) is not allowed here`);
        }
        if (!meters.includes(node.meter)) meters.push(node.meter);
        const meter = node.meter;
        const record = (scope: EvaluationScope): PyValue =>
          scope.meters && Object.hasOwn(scope.meters, meter) ? toPyValue(scope.meters[meter]) : null;
        return node.record ? record : (scope) => pyAttribute(record(scope), 'volume');
      }
      case 'attribute': {
        const object = build(node.object, locals);
        const attribute = node.attribute;
        return (scope) => pyAttribute(object(scope), attribute);
      }
      case 'unary': {
        const operand = build(node.operand, locals);
        if (node.operator === 'not') return (scope) => !pyTruthy(operand(scope));
        const op = node.operator;
        return (scope) => pyUnary(op, operand(scope));
      }
      case 'binary': {
        const left = build(node.left, locals);
        const right = build(node.right, locals);
        const op = node.operator;
        return (scope) => pyBinary(op, left(scope), right(scope));
      }
      case 'compare': {
        const first = build(node.first, locals);
        const rest = node.rest.map(([op, operand]) => [op, build(operand, locals)] as const);
        return (scope) => {
          let left = first(scope);
          for (const [op, operand] of rest) {
            const right = operand(scope);
            if (!(compareIn(op, left, right) ?? pyCompare(op, left, right))) return false;
            left = right;
          }
          return true;
        };
      }
      case 'logical': {
        const left = build(node.left, locals);
        const right = build(node.right, locals);
        // Python's `or`/`and` return an operand, not a bool: `x or 1` is x when x is truthy.
        return node.operator === 'or'
          ? (scope) => {
              const v = left(scope);
              return pyTruthy(v) ? v : right(scope);
            }
          : (scope) => {
              const v = left(scope);
              return pyTruthy(v) ? right(scope) : v;
            };
      }
      case 'conditional': {
        const test = build(node.test, locals);
        const then = build(node.then, locals);
        const otherwise = build(node.otherwise, locals);
        return (scope) => (pyTruthy(test(scope)) ? then(scope) : otherwise(scope));
      }
      case 'subscript': {
        const object = build(node.object, locals);
        const index = build(node.index, locals);
        return (scope) => pyGetItem(object(scope), index(scope));
      }
      case 'slice': {
        const object = build(node.object, locals);
        const start = node.start ? build(node.start, locals) : () => null;
        const stop = node.stop ? build(node.stop, locals) : () => null;
        return (scope) => pySlice(object(scope), start(scope), stop(scope));
      }
      case 'list': {
        const items = node.items.map((item) => build(item, locals));
        return (scope) => items.map((item) => item(scope));
      }
      case 'dict': {
        const entries = node.entries.map(([k, v]) => [build(k, locals), build(v, locals)] as const);
        return (scope) => {
          const out: Record<string, PyValue> = {};
          for (const [k, v] of entries) {
            const key = k(scope);
            if (key !== null && typeof key === 'object') throw new ExpressionEvaluationError('TypeError', "unhashable type: 'list' or 'dict'");
            out[typeof key === 'string' ? key : String(key)] = v(scope);
          }
          return out as PyMapping;
        };
      }
      case 'lambda':
        throw fail(node, 'a lambda is only allowed as the function argument of filter() or map()');
      case 'call': {
        const { callee } = node;
        if (callee.type === 'attribute') {
          if (!METHOD_NAMES.has(callee.attribute)) throw fail(callee, `unknown method ${JSON.stringify(callee.attribute)} (known: ${[...METHOD_NAMES].join(', ')})`);
          const object = build(callee.object, locals);
          const args = node.args.map((a) => build(a, locals));
          const method = callee.attribute;
          return (scope) => pyCallMethod(object(scope), method, args.map((a) => a(scope)));
        }
        if (callee.type !== 'name' || locals.has(callee.name) || !Object.hasOwn(BUILTINS, callee.name)) {
          throw fail(callee, `only the builtins ${Object.keys(BUILTINS).join(', ')} and methods can be called`);
        }
        const fn = BUILTINS[callee.name]!;
        if (FUNCTION_ARGUMENT_BUILTINS.has(callee.name)) {
          const [first, ...others] = node.args;
          if (!first) throw fail(node, `${callee.name}() needs a function argument`);
          const callable = buildCallable(first, locals);
          const rest = others.map((a) => build(a, locals));
          return (scope) => fn([null, ...rest.map((a) => a(scope))], [callable(scope)]);
        }
        const args = node.args.map((a) => build(a, locals));
        return (scope) => fn(args.map((a) => a(scope)), []);
      }
    }
  };
  const evaluator = build(tree);
  return Object.freeze({
    source,
    meters: Object.freeze(meters),
    names: Object.freeze(names),
    evaluate: (scope: EvaluationScope = {}) => evaluator(scope),
  });
}
