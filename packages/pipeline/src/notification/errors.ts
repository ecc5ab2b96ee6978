/**
 * Errors of the notification agent.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/**
 * A delivered message is not a usable notification (no event_type, no payload, an endpoint could
 * not read its payload). The agent logs it and acknowledges it once: retrying cannot fix it.
 */
export class MalformedNotificationError extends CeilometerError {
  readonly code = 'CEILO_ERR_NOTIFICATION_MALFORMED' as const;
}
