/**
 * Upstream's `Sample.from_notification`: a sample stamped with the notification's time, whose
 * metadata is a shallow copy of the payload plus `event_type` and `host` (the publisher id).
 */
import { DEFAULT_SAMPLE_SOURCE, uuid1, type ResourceMetadata, type Sample, type SampleType } from '@ceilometer-ts/sdk';
import { payloadCopyMetadata } from '../meter/payload-metadata.js';
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
    metadata = payloadCopyMetadata(notification.payload, notification.event_type, notification.publisher_id);
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
