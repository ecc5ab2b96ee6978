/**
 * Errors of the JSONPath engine.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/**
 * Evaluating an expression raised where jsonpath-rw-ext raises (Python's TypeError): `sub` on a
 * value that is not a string, as `re.sub` refuses None or a number.
 */
export class JsonPathEvaluationError extends CeilometerError {
  readonly code = 'CEILO_ERR_JSONPATH_EVALUATION' as const;
}

/** A JSONPath expression that jsonpath-rw-ext would not parse either. */
export class JsonPathSyntaxError extends CeilometerError {
  readonly code = 'CEILO_ERR_JSONPATH_SYNTAX' as const;
  constructor(readonly expression: string, reason: string, readonly column?: number) {
    super(`invalid JSONPath ${JSON.stringify(expression)}${column === undefined ? '' : ` at column ${column}`}: ${reason}`);
  }
}
