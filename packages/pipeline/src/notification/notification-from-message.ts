/**
 * Reads the oslo.messaging message dict into a {@link Notification}, as oslo's
 * NotificationDispatcher does before it calls endpoints, refusing what no endpoint could use.
 */
import { MalformedNotificationError } from './errors.js';
import type { IncomingMessage, Notification } from './types.js';

function optionalString(message: Readonly<Record<string, unknown>>, key: string): string {
  const value = message[key];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** oslo's `message.get('publisher_id')`: absent or null stays None (no `service` trait, `host: None`). */
function publisherId(message: Readonly<Record<string, unknown>>): string | null {
  const value = message['publisher_id'];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

/**
 * The notification in a delivered message.
 * @throws MalformedNotificationError when `event_type` is not a non-empty string, `priority` is
 * missing or `payload` is absent.
 */
export function notificationFromMessage(incoming: IncomingMessage): Notification {
  const { message } = incoming;
  const eventType = message['event_type'];
  if (typeof eventType !== 'string' || eventType === '') throw new MalformedNotificationError('notification has no event_type');
  const priority = message['priority'];
  if (typeof priority !== 'string' || priority === '') throw new MalformedNotificationError(`notification ${eventType} has no priority`);
  if (!('payload' in message)) throw new MalformedNotificationError(`notification ${eventType} has no payload`);
  return {
    event_type: eventType,
    payload: message['payload'],
    publisher_id: publisherId(message),
    priority: priority.toLowerCase(),
    message_id: optionalString(message, 'message_id'),
    timestamp: optionalString(message, 'timestamp'),
    ctxt: incoming.context,
  };
}
