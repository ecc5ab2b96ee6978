/**
 * `extra_metadata_fields`: nested definitions run once per entry (their url_path or host_command
 * see `sample`, `extra_metadata_captured` and `extra_metadata_by_name`), responses cached
 * `extra_metadata_fields_cache_seconds`, and entries matching `extra_metadata_fields_skip`
 * skipped, as upstream's retrieve_extra_metadata.
 */
import { pyEquals, toPyValue } from '@ceilometer-ts/expression';
import type { DynamicPollsterDefinition } from './definition.js';
import { extractSamples, type ExtraMetadataSource } from './extract.js';
import { gatherEntries, ResponseCache, type Entry, type GatherRuntime } from './gatherer.js';

/** Whether `sample` matches `skip`: equal, or a dict holding every key of `skip` with matching values. */
export function matchesSkip(skip: unknown, sample: unknown): boolean {
  if (pyEquals(toPyValue(skip), toPyValue(sample))) return true;
  const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isDict(skip) || !isDict(sample)) return false;
  return Object.keys(skip).every((key) => Object.hasOwn(sample, key) && matchesSkip(skip[key], sample[key]));
}

/** The source of extra metadata for a definition with `extra_metadata_fields`; null without. */
export function extraMetadataSource(
  def: DynamicPollsterDefinition,
  runtime: GatherRuntime,
  signal: AbortSignal,
  cache: ResponseCache,
  warn: (message: string) => void,
): ExtraMetadataSource | null {
  if (def.extraMetadataFields.length === 0) return null;
  return async (entry: Entry) => {
    const captured: Record<string, unknown> = {};
    const byName: Record<string, unknown> = {};
    for (const nested of def.extraMetadataFields) {
      if (nested.extraMetadataFieldsSkip.some((skip) => Object.keys(skip).length > 0 && matchesSkip(skip, entry))) continue;
      let resource: unknown = null;
      if (nested.endpointType && nested.kind === 'openstack') {
        const session = await runtime.session();
        resource = session ? await session.endpoint(nested.endpointType) : null;
      }
      const names = { ...nested.baseMetadata, extra_metadata_captured: captured, extra_metadata_by_name: byName, sample: entry };
      const entries = await gatherEntries(nested, runtime, { resource, names, signal, cache, cacheSeconds: nested.extraMetadataFieldsCacheSeconds });
      for (const nestedEntry of entries) {
        for (const sample of await extractSamples(nested, nestedEntry, extraMetadataSource(nested, runtime, signal, cache, warn), warn)) {
          captured[sample.name] = sample.volume;
          for (const [key, value] of Object.entries(sample.metadata)) {
            // A later None does not override a value already captured.
            if ((value === null || value === undefined) && Object.hasOwn(captured, key)) continue;
            captured[key] = value;
          }
          byName[sample.name] = { value: sample.volume, metadata: sample.metadata };
        }
      }
    }
    return captured;
  };
}
