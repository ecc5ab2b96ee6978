/**
 * @ceilometer-ts/expression: a small, safe expression language for the `scale` and `expr`
 * parameters of rocky's transformers (which upstream evaluated with Python's eval), and Python's
 * `re.sub` for their `map_from`/`map_to` renames.
 */
export { compileExpression, type CompileOptions, type CompiledExpression, type EvaluationScope } from './compile.js';
export { ExpressionSyntaxError, ExpressionEvaluationError } from './errors.js';
export { pyTruthy, pyTypeName, pyEquals, toPyValue, toVolume, type PyValue, type PyMapping } from './values.js';
export { compilePythonSub, PythonRegexError, type PythonSubstitution } from './python-regex.js';
export { parse } from './parser.js';
export type { Node, BinaryOperator, CompareOperator } from './ast.js';
