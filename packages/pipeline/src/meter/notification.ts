/**
 * The notification definitions are evaluated against, and the document their JSONPaths see.
 */

/**
 * A notification as oslo.messaging's dispatcher hands it to endpoints, flattened into one record.
 * Structurally the same as the notification agent's `Notification`.
 */
export interface Notification {
  readonly event_type: string;
  readonly payload: unknown;
  /** null when the message has none (oslo passes None on; upstream then sets no `service` trait). */
  readonly publisher_id: string | null;
  /** Lower case: `info`, `sample`, `error`, ... */
  readonly priority: string;
  readonly message_id: string;
  /** As sent: oslo's `2024-05-01 12:00:00.123456`, or ISO 8601. */
  readonly timestamp: string;
  /** The request context (the `_context_*` members, prefix removed). */
  readonly ctxt?: Readonly<Record<string, unknown>>;
}

/** The dict upstream's definitions run their JSONPaths on (and that `store_raw` keeps). */
export interface NotificationBody {
  readonly ctxt: Readonly<Record<string, unknown>>;
  readonly publisher_id: string | null;
  readonly event_type: string;
  readonly payload: unknown;
  readonly metadata: { readonly message_id: string; readonly timestamp: string };
}

/**
 * Builds the body oslo's dispatcher passes to ceilometer's endpoints:
 * `{ctxt, publisher_id, event_type, payload, metadata: {message_id, timestamp}}`, so paths such as
 * `$.payload.x`, `ctxt.user_id` or `metadata.message_id` mean what they mean upstream.
 */
export function notificationBody(n: Notification): NotificationBody {
  return {
    ctxt: n.ctxt ?? {},
    publisher_id: n.publisher_id,
    event_type: n.event_type,
    payload: n.payload,
    metadata: { message_id: n.message_id, timestamp: n.timestamp },
  };
}
