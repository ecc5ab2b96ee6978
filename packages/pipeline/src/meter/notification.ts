/**
 * The notification definitions are evaluated against, and the document their JSONPaths see.
 */

import type { Notification } from '@ceilometer-ts/sdk';

/** The sdk's notification (the sample endpoint contract's), which definitions are evaluated against. */
export type { Notification } from '@ceilometer-ts/sdk';

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
