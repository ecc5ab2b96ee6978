/**
 * The part of OTLP's `ExportMetricsServiceRequest` this publisher writes, in the OTLP/HTTP JSON
 * encoding: lowerCamelCase field names, enums as integers, 64-bit integers as decimal strings.
 */

/** `AnyValue` (only the string form is written). */
export interface OtlpAnyValue {
  readonly stringValue: string;
}

export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

/** `NumberDataPoint`; `asDouble` is a JSON number, or `"NaN"`/`"Infinity"`/`"-Infinity"`. */
export interface OtlpNumberDataPoint {
  readonly attributes: readonly OtlpKeyValue[];
  readonly startTimeUnixNano?: string;
  readonly timeUnixNano: string;
  readonly asDouble: number | 'NaN' | 'Infinity' | '-Infinity';
}

/** `AggregationTemporality`. */
export const AggregationTemporality = { DELTA: 1, CUMULATIVE: 2 } as const;

export interface OtlpGauge {
  readonly dataPoints: OtlpNumberDataPoint[];
}

export interface OtlpSum {
  readonly dataPoints: OtlpNumberDataPoint[];
  readonly aggregationTemporality: (typeof AggregationTemporality)[keyof typeof AggregationTemporality];
  readonly isMonotonic: boolean;
}

/** `Metric` with a gauge or a sum. */
export type OtlpMetric = {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
} & ({ readonly gauge: OtlpGauge } | { readonly sum: OtlpSum });

export interface OtlpScopeMetrics {
  readonly scope: { readonly name: string; readonly version: string };
  readonly metrics: readonly OtlpMetric[];
}

export interface OtlpResourceMetrics {
  readonly resource: { readonly attributes: readonly OtlpKeyValue[] };
  readonly scopeMetrics: readonly OtlpScopeMetrics[];
}

/** The request body of `POST /v1/metrics`. */
export interface OtlpExportMetricsRequest {
  readonly resourceMetrics: readonly OtlpResourceMetrics[];
}

/** A string attribute. */
export const stringAttribute = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } });

/** A double in proto3 JSON: non-finite values as their string names. */
export function jsonDouble(value: number): OtlpNumberDataPoint['asDouble'] {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}
