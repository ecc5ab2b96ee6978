/**
 * Upstream's `Sample.from_notification` applied to a meter definition's values.
 */
import { PyFloat, isPyDict, sampleTimestamp, toMetadataValue, uuid1, type PyValue, type ResourceMetadata, type Sample, type SampleType } from '@ceilometer-ts/sdk';
import { pyTruthy } from '@ceilometer-ts/jsonpath';
import { payloadCopyMetadata, sharedPayloadMetadata } from './payload-metadata.js';
import type { MeterSampleValues } from './meter-definition.js';
import type { NotificationBody } from './notification.js';

/** Unwraps the wire model's number wrappers; other values are kept as found. */
function plain(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function metadataOf(value: unknown): ResourceMetadata {
  // a lookup definition hands every row the same metadata dict: convert it once, share it
  return isPyDict(value) ? sharedPayloadMetadata(value) : (toMetadataValue(value as PyValue) as ResourceMetadata);
}

/**
 * The sample: metadata is the definition's metadata or, when that is empty, a shallow copy of the
 * payload plus `event_type` and `host` (nested values shared between the notification's samples); the timestamp is the definition's or the notification's, rendered
 * as upstream's `parse_isotime(ts).isoformat()`.
 * Field values are passed on as the notification had them (a string volume is left for the
 * pipeline's volume check, as upstream does).
 * @throws IsoTimeError when the timestamp does not parse.
 */
export function sampleFromValues(values: MeterSampleValues, body: NotificationBody, source: string): Sample {
  let metadata: ResourceMetadata;
  if (pyTruthy(values.metadata)) {
    metadata = metadataOf(values.metadata);
  } else {
    metadata = payloadCopyMetadata(body.payload, body.event_type, body.publisher_id);
  }
  const ts = pyTruthy(values.timestamp) ? values.timestamp : body.metadata.timestamp;
  return {
    name: plain(values.name) as string,
    type: values.type as SampleType,
    unit: plain(values.unit) as string,
    // NOTE: a bigint volume (an int beyond 2^53) stays exact; anything else is left to the volume check.
    volume: (values.volume instanceof PyFloat ? values.volume.value : values.volume) as Sample['volume'],
    user_id: plain(values.user_id) as string | null,
    project_id: plain(values.project_id) as string | null,
    resource_id: plain(values.resource_id) as string,
    timestamp: sampleTimestamp(ts),
    resource_metadata: metadata,
    source,
    id: uuid1(),
    monotonic_time: null,
  };
}
