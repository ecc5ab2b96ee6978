/**
 * Upstream's DefinitionException family: a meter or event definition that cannot be used.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** A definition (or one of its fields) is invalid; `path` locates it inside the definition. */
export class DefinitionError extends CeilometerError {
  readonly code = 'CEILO_ERR_DEFINITION_INVALID' as const;
  constructor(message: string, readonly path: readonly (string | number)[] = [], options?: ErrorOptions) {
    super(message, options);
  }
}

/** Evaluating a definition against one notification failed (upstream fails the notification). */
export class DefinitionEvaluationError extends CeilometerError {
  readonly code = 'CEILO_ERR_DEFINITION_EVALUATION' as const;
}
