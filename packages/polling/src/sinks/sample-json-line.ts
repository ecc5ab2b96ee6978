/**
 * A sample as one JSON line, exactly `JSON.stringify(sample)`, with the `resource_metadata` text
 * reused: compute pollsters share one metadata object between every meter of an instance (50
 * samples), and it is most of each line, so it is stringified once, not once per sample.
 */
import type { ResourceMetadata, Sample } from '@ceilometer-ts/sdk';

/** The keys `makeSample` gives, in its order: only a sample with exactly these keys takes the fast path. */
const KEYS = ['name', 'type', 'unit', 'volume', 'user_id', 'project_id', 'resource_id', 'timestamp', 'resource_metadata', 'source', 'id', 'monotonic_time'] as const;

/** Metadata objects are immutable once in a sample (shared by every meter that read them). */
const metadataText = new WeakMap<ResourceMetadata, string>();

/** Exactly the standard keys in order, every value but the metadata a string, number, boolean or null. */
function isPlainSample(sample: Sample): boolean {
  let i = 0;
  for (const key in sample) {
    if (key !== KEYS[i]) return false;
    i++;
    if (key === 'resource_metadata') continue;
    const value = (sample as unknown as Record<string, unknown>)[key];
    const type = typeof value;
    if (value !== null && type !== 'string' && type !== 'number' && type !== 'boolean') return false;
  }
  return i === KEYS.length;
}

function metadataJson(metadata: ResourceMetadata): string {
  let text = metadataText.get(metadata);
  if (text === undefined) {
    text = JSON.stringify(metadata);
    metadataText.set(metadata, text);
  }
  return text;
}

/** `JSON.stringify(sample)`. */
export function sampleJsonLine(sample: Sample): string {
  const metadata = sample.resource_metadata;
  // extra or missing keys, undefined or bigint values, a toJSON or a prototype of their own: the general path
  if (!isPlainSample(sample) || typeof metadata !== 'object' || metadata === null || Object.getPrototypeOf(metadata) !== Object.prototype || 'toJSON' in sample || 'toJSON' in metadata) {
    return JSON.stringify(sample);
  }
  return (
    `{"name":${JSON.stringify(sample.name)},"type":${JSON.stringify(sample.type)},"unit":${JSON.stringify(sample.unit)},"volume":${JSON.stringify(sample.volume)}` +
    `,"user_id":${JSON.stringify(sample.user_id)},"project_id":${JSON.stringify(sample.project_id)},"resource_id":${JSON.stringify(sample.resource_id)}` +
    `,"timestamp":${JSON.stringify(sample.timestamp)},"resource_metadata":${metadataJson(metadata)},"source":${JSON.stringify(sample.source)}` +
    `,"id":${JSON.stringify(sample.id)},"monotonic_time":${JSON.stringify(sample.monotonic_time)}}`
  );
}
