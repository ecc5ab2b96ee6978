/**
 * Errors of the JSONPath engine.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** A JSONPath expression that jsonpath-rw-ext would not parse either. */
export class JsonPathSyntaxError extends CeilometerError {
  readonly code = 'CEILO_ERR_JSONPATH_SYNTAX' as const;
  constructor(readonly expression: string, reason: string, readonly column?: number) {
    super(`invalid JSONPath ${JSON.stringify(expression)}${column === undefined ? '' : ` at column ${column}`}: ${reason}`);
  }
}
