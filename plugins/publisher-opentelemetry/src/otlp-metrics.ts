/**
 * Samples to one OTLP metrics export request: one metric per (meter, type, unit) with a data point
 * per sample. Gauge samples become a `gauge`; cumulative samples a monotonic `sum` with CUMULATIVE
 * temporality; delta samples a non-monotonic `sum` with DELTA temporality. Metric names and
 * descriptions are upstream's (`disk.read.bytes` as `disk_read_bytes`, "disk.read.bytes unit:B").
 */
import type { Sample } from '@ceilometer-ts/sdk';
import { isoToUnixNano } from './iso-time.js';
import {
  AggregationTemporality,
  jsonDouble,
  stringAttribute,
  type OtlpExportMetricsRequest,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpNumberDataPoint,
} from './otlp-json.js';
import type { StartTimeTracker } from './start-times.js';

/** What the request carries besides the samples. */
export interface OtlpRequestOptions {
  readonly resourceAttributes: readonly OtlpKeyValue[];
  readonly scopeName: string;
  readonly scopeVersion: string;
  readonly startTimes: StartTimeTracker;
}

/** The request, and the samples left out (no volume or an unreadable timestamp). */
export interface OtlpBuildResult {
  readonly request: OtlpExportMetricsRequest | undefined;
  readonly skipped: readonly Sample[];
}

/** Data point attributes: resource_id, user_id and project_id, those that are set. */
function pointAttributes(s: Sample): OtlpKeyValue[] {
  const out = [stringAttribute('resource_id', s.resource_id)];
  if (s.user_id !== null) out.push(stringAttribute('user_id', s.user_id));
  if (s.project_id !== null) out.push(stringAttribute('project_id', s.project_id));
  return out;
}

/** Builds the export request for `samples`; `request` is undefined when none is usable. */
export function buildExportRequest(samples: readonly Sample[], options: OtlpRequestOptions): OtlpBuildResult {
  const metrics = new Map<string, OtlpMetric>();
  const skipped: Sample[] = [];
  for (const s of samples) {
    const time = isoToUnixNano(s.timestamp);
    if (s.volume === null || s.volume === undefined || time === undefined) {
      skipped.push(s);
      continue;
    }
    const name = s.name.replace(/\./g, '_');
    const key = `${name}\u0000${s.type}\u0000${s.unit}`;
    let metric = metrics.get(key);
    if (!metric) {
      const head = { name, description: `${s.name} unit:${s.unit}`, unit: s.unit };
      metric = s.type === 'gauge'
        ? { ...head, gauge: { dataPoints: [] } }
        : { ...head, sum: { dataPoints: [], aggregationTemporality: s.type === 'cumulative' ? AggregationTemporality.CUMULATIVE : AggregationTemporality.DELTA, isMonotonic: s.type === 'cumulative' } };
      metrics.set(key, metric);
    }
    // OTLP carries doubles: an exact bigint volume (beyond 2^53) is rounded here.
    const volume = Number(s.volume);
    const series = `${key}\u0000${s.resource_id}\u0000${s.user_id ?? ''}\u0000${s.project_id ?? ''}`;
    let start: string | undefined;
    if (s.type === 'cumulative') start = options.startTimes.cumulative(series, time, volume);
    else if (s.type === 'delta') start = options.startTimes.delta(series, time, volume);
    const point: OtlpNumberDataPoint = {
      attributes: pointAttributes(s),
      ...(start !== undefined ? { startTimeUnixNano: start } : {}),
      timeUnixNano: time,
      asDouble: jsonDouble(volume),
    };
    ('gauge' in metric ? metric.gauge : metric.sum).dataPoints.push(point);
  }
  if (metrics.size === 0) return { request: undefined, skipped };
  return {
    request: {
      resourceMetrics: [{
        resource: { attributes: options.resourceAttributes },
        scopeMetrics: [{ scope: { name: options.scopeName, version: options.scopeVersion }, metrics: [...metrics.values()] }],
      }],
    },
    skipped,
  };
}
