/**
 * Errors of the polling agent (beyond the sdk's catalogue).
 */
import { CeilometerError, didYouMean } from '@ceilometer-ts/sdk';

/** `--pollster-list` matched no installed pollster. */
export class PollsterListError extends CeilometerError {
  readonly code = 'CEILO_ERR_POLLING_POLLSTER_LIST' as const;
  constructor(readonly patterns: readonly string[], readonly available: readonly string[]) {
    super(
      `--pollster-list ${patterns.join(' ')} matches no installed pollster` +
        ` (available: ${available.length ? available.join(', ') : 'none installed'})` +
        (patterns.length === 1 ? didYouMean(patterns[0] ?? '', available) : ''),
    );
  }
}

/** `--pollster-list` together with coordination, which upstream refused too. */
export class PollsterListForbiddenError extends CeilometerError {
  readonly code = 'CEILO_ERR_POLLING_POLLSTER_LIST_FORBIDDEN' as const;
  constructor() {
    super(
      'It is forbidden to use --pollster-list with coordination between several agents ([coordination] backend_url); ' +
        'use either different pollster lists or coordination',
    );
  }
}
