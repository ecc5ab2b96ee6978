/**
 * A notification Ironic's endpoints cannot read at all (upstream's endpoint raises on it and
 * the whole message gives no sample); the agent logs it and acknowledges the message.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** The message's shape is not the one Ironic sends (a missing timestamp, a payload that is no dict). */
export class IronicNotificationError extends CeilometerError {
  readonly code = 'CEILO_ERR_IPMI_IRONIC_NOTIFICATION' as const;
}
