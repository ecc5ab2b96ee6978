/**
 * One pipeline batch of samples, grouped by resource as upstream's `publish_samples` groups them:
 * for each resource its type, id, `user_id`, the attributes the samples give (`project_id` and the
 * definition's `attributes`, later samples winning), and its metrics' measures with archive policy
 * and unit. Serialised by hand for the batch call: its size grows with the samples, so it is the
 * one body on the hot path.
 */
import type { Sample } from '@ceilometer-ts/sdk';
import type { ResourceDefinition } from './definitions/resource-definition.js';

/** One metric's measures in the batch. */
export interface MetricMeasures {
  readonly archivePolicyName: string;
  readonly unit: string;
  /** `"timestamp":...,"value":...` pairs, already serialised. */
  readonly measures: string[];
}

/** One resource of the batch. */
export interface ResourceMeasures {
  /** The id as sent to Gnocchi (`/` replaced by `_`, as upstream: Gnocchi forbids it). */
  readonly id: string;
  readonly type: string;
  readonly userId: string | null;
  /** `project_id` and the definition's attributes. */
  readonly attributes: Record<string, unknown>;
  readonly metrics: Map<string, MetricMeasures>;
}

/** What {@link groupSamples} needs to know. */
export interface GroupingContext {
  readonly metricMap: ReadonlyMap<string, ResourceDefinition>;
  /** True for a sample that is Gnocchi's own activity (skipped). */
  readonly isGnocchiActivity: (sample: Sample) => boolean;
  /** Called for a sample whose meter has no definition (the caller warns once per name). */
  readonly unknownMeter: (name: string) => void;
  /** Called for a sample whose volume is not a finite number. */
  readonly badVolume: (sample: Sample) => void;
}

/** Gnocchi's id for a sample's resource id. */
export function gnocchiResourceId(resourceId: string | null | undefined): string {
  return (resourceId ?? '').replace(/\//g, '_');
}

function volumeText(volume: Sample['volume']): string | undefined {
  if (typeof volume === 'bigint') return volume.toString();
  if (typeof volume === 'number' && Number.isFinite(volume)) return String(volume);
  return undefined;
}

/** Groups `samples` by resource; skipped samples are reported through the context. */
export function groupSamples(samples: readonly Sample[], ctx: GroupingContext): Map<string, ResourceMeasures> {
  const resources = new Map<string, ResourceMeasures>();
  for (const sample of samples) {
    const rd = ctx.metricMap.get(sample.name);
    if (rd === undefined) {
      ctx.unknownMeter(sample.name);
      continue;
    }
    if (ctx.isGnocchiActivity(sample)) continue;
    const value = volumeText(sample.volume);
    if (value === undefined) {
      ctx.badVolume(sample);
      continue;
    }
    const id = gnocchiResourceId(sample.resource_id);
    let resource = resources.get(id);
    if (resource === undefined) {
      resource = { id, type: rd.resourceType, userId: sample.user_id, attributes: {}, metrics: new Map() };
      resources.set(id, resource);
    }
    resource.attributes['project_id'] = sample.project_id;
    rd.sampleAttributes(sample, resource.attributes);
    let metric = resource.metrics.get(sample.name);
    if (metric === undefined) {
      metric = { archivePolicyName: rd.metrics.get(sample.name)!.archive_policy_name, unit: sample.unit, measures: [] };
      resource.metrics.set(sample.name, metric);
    }
    metric.measures.push(`{"timestamp":${JSON.stringify(sample.timestamp)},"value":${value}}`);
  }
  return resources;
}

/** The body of `POST /v1/batch/resources/metrics/measures` for `resources`. */
export function batchBody(resources: Iterable<ResourceMeasures>): string {
  const parts: string[] = [];
  for (const r of resources) {
    const metrics: string[] = [];
    for (const [name, m] of r.metrics) {
      metrics.push(`${JSON.stringify(name)}:{"archive_policy_name":${JSON.stringify(m.archivePolicyName)},"unit":${JSON.stringify(m.unit)},"measures":[${m.measures.join(',')}]}`);
    }
    parts.push(`${JSON.stringify(r.id)}:{${metrics.join(',')}}`);
  }
  return `{${parts.join(',')}}`;
}

/** How many measures `resources` hold. */
export function countMeasures(resources: Iterable<ResourceMeasures>): number {
  let n = 0;
  for (const r of resources) for (const m of r.metrics.values()) n += m.measures.length;
  return n;
}
