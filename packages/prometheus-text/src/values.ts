/**
 * Sample values in the text format: Prometheus' (Go's) words for NaN and the infinities, and the
 * number itself in one of two spellings.
 */
import { pyFloatRepr } from '@ceilometer-ts/sdk';

/** Go's spelling of NaN and the infinities, or undefined for a finite number. */
export function specialValue(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

/** Python's `repr(float(v))` with Go's specials, as prometheus_client writes values (`1.0`, `1e+16`). */
export function formatFloatValue(v: number): string {
  return specialValue(v) ?? pyFloatRepr(v);
}

/** The number as JavaScript prints it (Go's ParseFloat reads it) with Go's specials (`1`, `0.5`). */
export function formatPlainValue(v: number): string {
  return specialValue(v) ?? String(v);
}
