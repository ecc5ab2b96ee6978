/**
 * Errors of a dynamic pollster at run time (upstream's `DynamicPollsterException` and the KeyError
 * an attribute path raises). Definition problems are ConfigErrors naming file, line and key.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** A response (or command output) that does not fit the definition: a missing key, a wrong type, no handler. */
export class DynamicPollsterError extends CeilometerError {
  readonly code = 'CEILO_ERR_DYNAMIC_POLLSTER' as const;
}

/** Python's KeyError of `reduce(operator.getitem, ...)`: the attribute is absent (pagination's "no next page"). */
export class AttributeMissingError extends DynamicPollsterError {}
