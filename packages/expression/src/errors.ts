/**
 * Errors of the expression language. The package has no dependencies, so these carry the same
 * `code` convention as the sdk's CeilometerError (`CEILO_ERR_<AREA>_<WHAT>`) without extending it.
 */

/** An expression that cannot be accepted: thrown once, when the expression is compiled. */
export class ExpressionSyntaxError extends Error {
  readonly code = 'CEILO_ERR_EXPR_SYNTAX' as const;
  /**
   * @param source the whole expression
   * @param column 1-based column of the offending token
   * @param reason what is wrong, naming the token
   */
  constructor(readonly source: string, readonly column: number, readonly reason: string) {
    super(`invalid expression ${JSON.stringify(source)}: ${reason} at column ${column}`);
    this.name = 'ExpressionSyntaxError';
  }
}

/**
 * Evaluation failed, as Python's eval would have raised. `pythonType` is the exception Python would
 * raise (`ZeroDivisionError`, `TypeError`, `AttributeError`, `OverflowError`, `ValueError`).
 */
export class ExpressionEvaluationError extends Error {
  readonly code = 'CEILO_ERR_EXPR_EVAL' as const;
  constructor(readonly pythonType: string, message: string) {
    super(`${pythonType}: ${message}`);
    this.name = 'ExpressionEvaluationError';
  }
}
