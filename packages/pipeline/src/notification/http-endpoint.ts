/**
 * `http.request` and `http.response`: one delta sample per API request notification, as sent by
 * the (retired) ceilometer WSGI middleware (upstream's `ceilometer.middleware`).
 */
import type { Sample } from '@ceilometer-ts/sdk';
import { FilteredSampleEndpoint } from './endpoint.js';
import { MalformedNotificationError } from './errors.js';
import { sampleFromNotification } from './sample-from-notification.js';
import type { Notification } from './types.js';

function header(request: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = request[key];
  return value === undefined || value === null ? null : String(value);
}

/** `http.request`: meter named after the event type, unit `request`, volume 1. */
export class HttpRequestEndpoint extends FilteredSampleEndpoint {
  /** The event type this class takes. */
  static readonly eventType: string = 'http.request';

  constructor() {
    super([(new.target as typeof HttpRequestEndpoint).eventType]);
  }

  buildSamples(notification: Notification): readonly Sample[] {
    const payload = notification.payload as { request?: unknown } | null;
    const request = payload?.request;
    if (request === null || typeof request !== 'object') {
      throw new MalformedNotificationError(`${notification.event_type} payload has no "request" object`);
    }
    const req = request as Record<string, unknown>;
    return [
      sampleFromNotification(
        {
          name: notification.event_type,
          type: 'delta',
          volume: 1,
          unit: notification.event_type.split('.')[1] ?? '',
          user_id: header(req, 'HTTP_X_USER_ID'),
          project_id: header(req, 'HTTP_X_PROJECT_ID'),
          resource_id: header(req, 'HTTP_X_SERVICE_NAME') ?? '',
        },
        notification,
      ),
    ];
  }
}

/** `http.response`: as `http.request`, unit `response`. */
export class HttpResponseEndpoint extends HttpRequestEndpoint {
  static override readonly eventType: string = 'http.response';
}
