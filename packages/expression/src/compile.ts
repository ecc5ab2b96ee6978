/**
 * Compiling: parse once, check every name against what the caller exposes, and build a tree of
 * closures evaluated per sample (no eval, no `new Function`).
 */
import type { Node } from './ast.js';
import { ExpressionSyntaxError } from './errors.js';
import { parse } from './parser.js';
import { pyAttribute, pyBinary, pyCompare, pyTruthy, pyUnary, toPyValue, type PyValue } from './values.js';

/** What an expression may refer to; decided by the caller, checked at compile time. */
export interface CompileOptions {
  /** Top-level names the expression may use (for `scale`: the sample's fields). Default: none. */
  readonly names?: readonly string[];
  /** Whether `$(meter.name)` references are allowed (arithmetic's `expr`). Default: false. */
  readonly meterReferences?: boolean;
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

/**
 * Compiles `source`, or throws ExpressionSyntaxError naming the offending token and its column.
 * @example compileExpression('100.0 / (10**9 * (resource_metadata.cpu_number or 1))', { names: ['resource_metadata'] })
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  const tree = parse(source);
  const allowed = new Set(options.names ?? []);
  const meters: string[] = [];
  const names: string[] = [];
  const build = (node: Node): Evaluator => {
    switch (node.type) {
      case 'literal': {
        const value = node.value;
        return () => value;
      }
      case 'name': {
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
        const object = build(node.object);
        const attribute = node.attribute;
        return (scope) => pyAttribute(object(scope), attribute);
      }
      case 'unary': {
        const operand = build(node.operand);
        if (node.operator === 'not') return (scope) => !pyTruthy(operand(scope));
        const op = node.operator;
        return (scope) => pyUnary(op, operand(scope));
      }
      case 'binary': {
        const left = build(node.left);
        const right = build(node.right);
        const op = node.operator;
        return (scope) => pyBinary(op, left(scope), right(scope));
      }
      case 'compare': {
        const first = build(node.first);
        const rest = node.rest.map(([op, operand]) => [op, build(operand)] as const);
        return (scope) => {
          let left = first(scope);
          for (const [op, operand] of rest) {
            const right = operand(scope);
            if (!pyCompare(op, left, right)) return false;
            left = right;
          }
          return true;
        };
      }
      case 'logical': {
        const left = build(node.left);
        const right = build(node.right);
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
        const test = build(node.test);
        const then = build(node.then);
        const otherwise = build(node.otherwise);
        return (scope) => (pyTruthy(test(scope)) ? then(scope) : otherwise(scope));
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
