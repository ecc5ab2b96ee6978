/**
 * The metadata of samples built from a notification's payload, as upstream's
 * `Sample.from_notification`: `copy.copy(payload)` (a *shallow* copy) plus `event_type` and `host`.
 *
 * Every sample of one notification shares the payload's nested values: a 10,000-metric
 * `magnum.bay.metrics.update` makes 10,000 samples that all point at the one `metrics` list instead
 * of 10,000 deep copies of it (which took 4.3 GB). The payload is converted to plain metadata (PyFloat
 * unwrapped) once per payload object and the conversion is kept only as long as the payload lives.
 */
import { isPyDict, toMetadataValue, type MetadataValue, type PyValue, type ResourceMetadata } from '@ceilometer-ts/sdk';

const converted = new WeakMap<object, Readonly<Record<string, MetadataValue>>>();

/**
 * A dict as plain metadata, converted on first use and shared afterwards (the payload for every
 * sample of a notification, or a `lookup` definition's metadata for every row); `{}` when it is not a dict.
 */
export function sharedPayloadMetadata(payload: unknown): Readonly<Record<string, MetadataValue>> {
  if (!isPyDict(payload)) return {};
  let plain = converted.get(payload);
  if (!plain) {
    plain = toMetadataValue(payload as PyValue) as Record<string, MetadataValue>;
    converted.set(payload, plain);
  }
  return plain;
}

/** `copy.copy(payload)` with `event_type` and `host` set: top-level keys copied, nested values shared. */
export function payloadCopyMetadata(payload: unknown, eventType: string, host: string | null): ResourceMetadata {
  const copy: Record<string, MetadataValue> = { ...sharedPayloadMetadata(payload) };
  copy['event_type'] = eventType;
  copy['host'] = host;
  return copy;
}
