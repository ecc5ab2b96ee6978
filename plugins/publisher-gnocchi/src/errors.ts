/**
 * Typed errors of the Gnocchi publisher and of its `ceilometer-upgrade` step.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';
import type { PublisherFailureKind } from '@ceilometer-ts/publisher-common';

/**
 * Gnocchi (or Keystone in front of it) was unavailable: no connection, a timeout or a 5xx after the
 * transport's retries. Retriable: the notification agent's delivery queue holds the batch and
 * sends it again with backoff. `kind` is one of the availability kinds that queue knows, so an
 * outage never makes it probe for a poison batch.
 */
export class GnocchiUnavailableError extends CeilometerError {
  readonly code = 'CEILO_ERR_GNOCCHI_UNAVAILABLE' as const;
  /** As the sdk's PublishError: a later attempt may succeed. */
  readonly retriable = true;
  constructor(message: string, readonly kind: PublisherFailureKind, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A gnocchi:// URL parameter cannot be used. */
export class GnocchiPublisherConfigError extends CeilometerError {
  readonly code = 'CEILO_ERR_GNOCCHI_CONFIG' as const;
}

/** `ceilometer-upgrade`: Gnocchi could not be reached (after `--retry` attempts). */
export class GnocchiUnreachableError extends CeilometerError {
  readonly code = 'CEILO_ERR_GNOCCHI_UNREACHABLE' as const;
}

/** `ceilometer-upgrade`: Gnocchi or Keystone refused the credentials (401, 403). */
export class GnocchiAuthError extends CeilometerError {
  readonly code = 'CEILO_ERR_GNOCCHI_AUTH' as const;
}

/** `ceilometer-upgrade`: Gnocchi refused a change (a 4xx other than "already exists"). */
export class GnocchiUpgradeError extends CeilometerError {
  readonly code = 'CEILO_ERR_GNOCCHI_UPGRADE' as const;
}
