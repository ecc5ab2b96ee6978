/**
 * Errors of the per-publisher delivery queues.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/**
 * A batch was not accepted by a publisher's delivery queue: the queue was closed (the pipeline is
 * stopping) while a `hold` queue was full. The notification agent requeues the batch's messages.
 */
export class DeliveryRefusedError extends CeilometerError {
  readonly code = 'CEILO_ERR_DELIVERY_REFUSED' as const;
  constructor(readonly publisher: string, reason: string, options?: ErrorOptions) {
    super(`publisher ${publisher} did not accept the batch: ${reason}`, options);
  }
}

/** A delivery parameter of a publisher URL or of `[publisher]` has a value we cannot use. */
export class DeliverySettingError extends CeilometerError {
  readonly code = 'CEILO_ERR_DELIVERY_SETTING' as const;
}
