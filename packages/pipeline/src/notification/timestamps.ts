/**
 * Timestamps of samples made from notifications: upstream's `parse_isotime(ts).isoformat()`,
 * which turns oslo's `2024-05-01 12:00:00.123456` into `2024-05-01T12:00:00.123456+00:00`.
 */
import { IsoTimeError, sampleTimestamp } from '@ceilometer-ts/sdk';
import { MalformedNotificationError } from './errors.js';

/**
 * The sdk's {@link sampleTimestamp}, with a timestamp upstream cannot parse reported as a malformed
 * notification (logged and acknowledged once, as upstream drops it).
 * @throws MalformedNotificationError for text that is not an ISO 8601 date-time.
 */
export function notificationIsoTimestamp(text: string): string {
  try {
    return sampleTimestamp(text);
  } catch (err) {
    if (err instanceof IsoTimeError) throw new MalformedNotificationError(`unparseable timestamp "${text}"`, { cause: err });
    throw err;
  }
}
