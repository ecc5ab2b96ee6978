/**
 * The Sample: one measurement, with upstream Ceilometer's fields and names.
 * Construction helpers live here; the wire form and its signature live in `meter-message.ts`
 * and `signature.ts`.
 */
import { randomUUID } from 'node:crypto';

export type SampleType = 'gauge' | 'delta' | 'cumulative';
export const SAMPLE_TYPES: readonly SampleType[] = ['gauge', 'delta', 'cumulative'];

/** JSON-like metadata values (what upstream puts in resource_metadata). */
export type MetadataValue = string | number | boolean | null | readonly MetadataValue[] | { readonly [k: string]: MetadataValue };
export type ResourceMetadata = { readonly [k: string]: MetadataValue };

/** One measurement. Field names are upstream's attribute names: no mapping layer on the hot path. */
export interface Sample {
  readonly name: string;
  readonly type: SampleType;
  readonly unit: string;
  /** A number; upstream also allows null for "no value", which pipelines drop. */
  readonly volume: number | null;
  readonly user_id: string | null;
  readonly project_id: string | null;
  readonly resource_id: string;
  /** ISO 8601 UTC timestamp, as upstream renders it (`2026-11-23T19:00:00.123456+00:00`). */
  readonly timestamp: string;
  readonly resource_metadata: ResourceMetadata;
  readonly source: string;
  /** uuid, message_id on the wire. */
  readonly id: string;
  readonly monotonic_time: number | null;
}

/** Fields a pollster must give; the rest have upstream's defaults. */
export type SampleInit = Pick<Sample, 'name' | 'type' | 'unit' | 'volume' | 'resource_id'> &
  Partial<Omit<Sample, 'name' | 'type' | 'unit' | 'volume' | 'resource_id'>>;

/** Upstream's default `source` of samples (cfg `[DEFAULT] sample_source`). */
export const DEFAULT_SAMPLE_SOURCE = 'openstack';

/** Renders a Date as upstream's `utils.isotime` / `datetime.isoformat()` with UTC offset. */
export function isoTimestamp(date: Date = new Date()): string {
  // Python's isoformat prints microseconds; JS has milliseconds, so pad with zeros.
  const iso = date.toISOString(); // 2026-11-23T19:00:00.123Z
  return `${iso.slice(0, 23)}000+00:00`;
}

/** Makes a Sample, filling id (uuid), timestamp (now, UTC), source and empty metadata as upstream does. */
export function makeSample(init: SampleInit): Sample {
  return {
    name: init.name,
    type: init.type,
    unit: init.unit,
    volume: init.volume,
    user_id: init.user_id ?? null,
    project_id: init.project_id ?? null,
    resource_id: init.resource_id,
    timestamp: init.timestamp ?? isoTimestamp(),
    resource_metadata: init.resource_metadata ?? {},
    source: init.source ?? DEFAULT_SAMPLE_SOURCE,
    id: init.id ?? randomUUID(),
    monotonic_time: init.monotonic_time ?? null,
  };
}

/** Returns a copy with some fields replaced (samples are immutable). */
export function withSample(sample: Sample, changes: Partial<Sample>): Sample {
  return { ...sample, ...changes };
}
