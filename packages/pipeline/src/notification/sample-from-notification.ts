/**
 * Upstream's `Sample.from_notification`: a sample stamped with the notification's time, whose
 * metadata is a copy of the payload plus `event_type` and `host` (the publisher id).
 */
import { DEFAULT_SAMPLE_SOURCE, toMetadataValue, uuid1, type PyValue, type ResourceMetadata, type Sample, type SampleType } from '@ceilometer-ts/sdk';
import { notificationIsoTimestamp } from './timestamps.js';
import type { Notification } from './types.js';

/** The fields a notification-derived sample sets itself. */
export interface NotificationSampleInit {
  readonly name: string;
  readonly type: SampleType;
  readonly unit: string;
  readonly volume: number | null;
  readonly user_id: string | null;
  readonly project_id: string | null;
  readonly resource_id: string;
  readonly timestamp?: string;
  readonly metadata?: ResourceMetadata;
  readonly source?: string;
}

/** Builds the sample as `Sample.from_notification` does. */
export function sampleFromNotification(init: NotificationSampleInit, notification: Notification): Sample {
  let metadata = init.metadata;
  if (!metadata || Object.keys(metadata).length === 0) {
    const payload = notification.payload;
    const copy: Record<string, unknown> =
      payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? { ...(toMetadataValue(payload as PyValue) as object) } : {};
    copy['event_type'] = notification.event_type;
    copy['host'] = notification.publisher_id;
    metadata = copy as ResourceMetadata;
  }
  return {
    name: init.name,
    type: init.type,
    unit: init.unit,
    volume: init.volume,
    user_id: init.user_id,
    project_id: init.project_id,
    resource_id: init.resource_id,
    timestamp: notificationIsoTimestamp(init.timestamp || notification.timestamp),
    resource_metadata: metadata,
    source: init.source || DEFAULT_SAMPLE_SOURCE,
    id: uuid1(),
    monotonic_time: null,
  };
}
