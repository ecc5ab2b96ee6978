/**
 * Timestamps of samples made from notifications: upstream's `parse_isotime(ts).isoformat()`,
 * which turns oslo's `2024-05-01 12:00:00.123456` into `2024-05-01T12:00:00.123456+00:00`.
 */
import { MalformedNotificationError } from './errors.js';

const ISO_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,6})?\d*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 rendering with an explicit offset, as Python's `isoformat()` of an aware datetime:
 * microseconds kept (6 digits) unless zero, offset `+00:00` when the input has none or `Z`.
 * @throws MalformedNotificationError for text that is not an ISO 8601 date-time.
 */
export function notificationIsoTimestamp(text: string): string {
  const m = ISO_RE.exec(text.trim());
  if (!m) throw new MalformedNotificationError(`unparseable timestamp "${text}"`);
  const [, date, time, fraction, zone] = m;
  const micros = fraction ? fraction.slice(1).padEnd(6, '0') : '';
  const frac = micros && Number(micros) !== 0 ? `.${micros}` : '';
  let offset = '+00:00';
  if (zone && zone.toUpperCase() !== 'Z') offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${date}T${time}${frac}${offset}`;
}
