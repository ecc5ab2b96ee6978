/**
 * From gathered entries to samples (upstream's Simple/MultiMetricPollsterSampleExtractor):
 * the value (mapped or skipped), `metadata_fields` renamed by `metadata_mapping`, and the
 * extra metadata. Values stay as the response has them here; the pollster makes Samples of them.
 */
import type { DynamicPollsterDefinition } from './definition.js';
import { DynamicPollsterError } from './errors.js';
import type { Entry } from './gatherer.js';
import { SKIPPED } from './value-mapper.js';

/** A sample before conversion: upstream's Sample fields with the raw values. */
export interface RawSample {
  readonly name: string;
  readonly volume: unknown;
  readonly userId: unknown;
  readonly projectId: unknown;
  readonly resourceId: unknown;
  readonly metadata: Record<string, unknown>;
}

/** Extra metadata for an entry, keyed by field (upstream's retrieve_extra_metadata). */
export type ExtraMetadataSource = (entry: Entry) => Promise<Readonly<Record<string, unknown>>>;

type Warn = (message: string) => void;

function metadataOf(def: DynamicPollsterDefinition, entry: Entry): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const field of def.metadataFields ?? []) metadata[field.source] = field.read(entry);
  for (const key of Object.keys(metadata)) {
    const renamed = def.metadataMapping[key];
    if (renamed === undefined) continue;
    metadata[renamed] = metadata[key];
    if (!def.preserveMappedMetadata) delete metadata[key];
  }
  return metadata;
}

async function sampleOf(def: DynamicPollsterDefinition, name: string, entry: Entry, volume: unknown, extra: ExtraMetadataSource | null, warn: Warn): Promise<RawSample> {
  const metadata = metadataOf(def, entry);
  if (extra) {
    for (const [key, value] of Object.entries(await extra(entry))) {
      if (Object.hasOwn(metadata, key)) warn(`the extra metadata key "${key}" already exists in the pollster's metadata; ignoring its value`);
      else metadata[key] = value;
    }
  }
  return { name, volume, userId: entry['user_id'], projectId: entry['project_id'], resourceId: entry['id'], metadata };
}

/** The samples of one entry. */
export async function extractSamples(def: DynamicPollsterDefinition, entry: Entry, extra: ExtraMetadataSource | null, warn: Warn): Promise<RawSample[]> {
  const multi = def.multiMetric;
  if (!multi) {
    const value = def.valueMapper.mapOrSkip(def.valueAttribute.read(entry), warn);
    return value === SKIPPED ? [] : [await sampleOf(def, def.name, entry, value, extra, warn)];
  }
  const list = def.valueAttribute.read(entry);
  if (!Array.isArray(list)) {
    throw new DynamicPollsterError(`multi metric pollster ${def.name}: the value obtained with [${multi.listKey}] is not a list of objects`);
  }
  const samples: RawSample[] = [];
  for (const sub of list as unknown[]) {
    const subName = multi.subMetricAttribute.read(sub);
    const value = multi.valueField.read(sub);
    // Multi-metric values are not mapped; the value or the sub-metric name may be skipped.
    if (def.valueMapper.skips(value) || def.valueMapper.skips(subName)) continue;
    samples.push(await sampleOf(def, def.name.replace(multi.placeholder, String(subName)), entry, value, extra, warn));
  }
  return samples;
}
