/**
 * The JSONPath dialect of upstream's definition files (jsonpath-rw with jsonpath-rw-ext).
 */
export { compileJsonPath, JsonPath, type JsonPathMatch } from './compile.js';
export { JsonPathEvaluationError, JsonPathSyntaxError } from './errors.js';
export { parseJsonPath } from './parser.js';
export type { JsonPathNode } from './nodes.js';
