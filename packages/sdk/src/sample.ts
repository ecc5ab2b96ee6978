/**
 * The Sample: one measurement, with upstream Ceilometer's fields and names.
 * Construction helpers live here; the wire form and its signature live in `meter-message.ts`
 * and `signature.ts`.
 */
import type { PyFloat } from './py-value.js';
import { uuid1 } from './uuid1.js';
import { epochMicros } from './wall-clock.js';

/** Upstream's sample types: a value at a time, a change since the last sample, or a running total. */
export type SampleType = 'gauge' | 'delta' | 'cumulative';
/** Every {@link SampleType}. */
export const SAMPLE_TYPES: readonly SampleType[] = ['gauge', 'delta', 'cumulative'];

/**
 * JSON-like metadata values (what upstream puts in resource_metadata). Numbers follow the wire
 * model of `py-value.ts`: metadata read from the wire keeps a float literal as {@link PyFloat}
 * (`2.0` stays `2.0` when published again) and an int beyond 2^53 as a bigint (exact).
 */
export type MetadataValue = string | number | bigint | PyFloat | boolean | null | readonly MetadataValue[] | { readonly [k: string]: MetadataValue };
/** A sample's `resource_metadata`. */
export type ResourceMetadata = { readonly [k: string]: MetadataValue };

/** One measurement. Field names are upstream's attribute names: no mapping layer on the hot path. */
export interface Sample {
  readonly name: string;
  readonly type: SampleType;
  readonly unit: string;
  /**
   * A number; a bigint for a Python int beyond 2^53 read from the wire (kept exact, as upstream
   * keeps it; compute with `Number(volume)`); null for "no value", which pipelines drop.
   */
  readonly volume: number | bigint | null;
  readonly user_id: string | null;
  readonly project_id: string | null;
  readonly resource_id: string;
  /**
   * ISO 8601 UTC timestamp as upstream renders it. Polled samples carry the polling agent's naive
   * `utcnow().isoformat()` (`2026-11-23T19:00:00.123456`, no offset, no fraction at 0 microseconds);
   * samples from notifications carry an offset (`...+00:00`). See {@link isoTimestamp}.
   */
  readonly timestamp: string;
  readonly resource_metadata: ResourceMetadata;
  readonly source: string;
  /** uuid, message_id on the wire. */
  readonly id: string;
  readonly monotonic_time: number | null;
  /**
   * Names of `user_id` and `project_id`, set only by the polling agent's `[polling]
   * identity_name_discovery` (upstream master's fields); absent otherwise, as in 19.0's messages.
   */
  readonly user_name?: string | null;
  readonly project_name?: string | null;
}

/**
 * A volume as a JS number for computing with (a bigint converted, as Python mixes int and float),
 * or undefined when there is none or it is not a number.
 */
export function numericVolume(volume: Sample['volume']): number | undefined {
  if (typeof volume === 'number') return volume;
  if (typeof volume === 'bigint') return Number(volume);
  return undefined;
}

/** Fields a pollster must give; the rest have upstream's defaults. */
export type SampleInit = Pick<Sample, 'name' | 'type' | 'unit' | 'volume' | 'resource_id'> &
  Partial<Omit<Sample, 'name' | 'type' | 'unit' | 'volume' | 'resource_id'>>;

/** Upstream's default `source` of samples (cfg `[DEFAULT] sample_source`). */
export const DEFAULT_SAMPLE_SOURCE = 'openstack';

/**
 * Renders a UTC instant as upstream's polling agent stamps samples: Python's
 * `timeutils.utcnow().isoformat()`, a *naive* datetime, so there is no `+00:00` offset, and the
 * `.ffffff` fraction is left out entirely when the microseconds are 0 (`2026-11-23T19:00:00`).
 * `microsecond` defaults to the Date's milliseconds x 1000 (a Date holds nothing finer).
 * @example isoTimestamp(new Date(Date.UTC(2026, 10, 23, 19, 0, 0, 123))) === '2026-11-23T19:00:00.123000'
 */
export function isoTimestamp(date: Date = new Date(), microsecond: number = date.getUTCMilliseconds() * 1000): string {
  const seconds = date.toISOString().slice(0, 19); // 2026-11-23T19:00:00
  return microsecond === 0 ? seconds : `${seconds}.${String(microsecond).padStart(6, '0')}`;
}

/** The current UTC time as {@link isoTimestamp} renders it, with microseconds from the high-resolution clock. */
export function utcNowIsoTimestamp(): string {
  const now = epochMicros();
  const micros = now % 1_000_000;
  return isoTimestamp(new Date((now - micros) / 1000), micros);
}

/**
 * Makes a Sample, filling what upstream's `Sample()` and polling agent fill: id (`uuid1()`), timestamp
 * (now, as the polling agent stamps it), source (`openstack`) and empty metadata.
 */
export function makeSample(init: SampleInit): Sample {
  return {
    name: init.name,
    type: init.type,
    unit: init.unit,
    volume: init.volume,
    user_id: init.user_id ?? null,
    project_id: init.project_id ?? null,
    resource_id: init.resource_id,
    timestamp: init.timestamp ?? utcNowIsoTimestamp(),
    resource_metadata: init.resource_metadata ?? {},
    source: init.source || DEFAULT_SAMPLE_SOURCE,
    id: init.id || uuid1(),
    monotonic_time: init.monotonic_time ?? null,
  };
}

/** Returns a copy with some fields replaced (samples are immutable). */
export function withSample(sample: Sample, changes: Partial<Sample>): Sample {
  return { ...sample, ...changes };
}
