/**
 * @ceilometer-ts/expression: a small, safe expression language for the `scale` and `expr`
 * parameters of rocky's transformers (which upstream evaluated with Python's eval). Python's `re.sub`
 * for their `map_from`/`map_to` renames is the sdk's `compilePythonSub`.
 */
export { compileExpression, type CompileOptions, type CompiledExpression, type EvaluationScope } from './compile.js';
export { ExpressionSyntaxError, ExpressionEvaluationError } from './errors.js';
export { pyTruthy, pyTypeName, pyEquals, toPyValue, toVolume, type PyValue, type PyMapping } from './values.js';
export { parse, type ParseOptions } from './parser.js';
export { pyStrOf, pyRepr } from './python-builtins.js';
export type { Node, BinaryOperator, CompareOperator } from './ast.js';
