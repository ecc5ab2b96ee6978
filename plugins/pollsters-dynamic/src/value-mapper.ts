/**
 * `skip_sample_values`, `value_mapping` and `default_value` (upstream's PollsterValueMapper), with
 * Python's equality (`1 == 1.0 == True`). YAML mapping keys reach us as strings, so a number from
 * the response also matches the key spelling it (`1:` in value_mapping).
 */
import { pyEquals, toPyValue } from '@ceilometer-ts/expression';

/** Marks a sample to skip. */
export const SKIPPED: unique symbol = Symbol('skipped sample');

export class ValueMapper {
  constructor(
    readonly skipValues: readonly unknown[],
    readonly mapping: Readonly<Record<string, unknown>>,
    readonly defaultValue: unknown,
  ) {}

  /** Whether `value` is in skip_sample_values. */
  skips(value: unknown): boolean {
    const v = toPyValue(value);
    return this.skipValues.some((s) => pyEquals(toPyValue(s), v));
  }

  /** The mapped value, SKIPPED, or the value itself without a mapping. */
  mapOrSkip(value: unknown, warn: (message: string) => void): unknown {
    if (this.skips(value)) return SKIPPED;
    const keys = Object.keys(this.mapping);
    if (keys.length === 0) return value;
    const key = keys.find((k) => k === value || (typeof value === 'number' && String(value) === k) || (typeof value === 'boolean' && (value ? 'True' : 'False') === k));
    if (key !== undefined) return this.mapping[key];
    warn(`value ${JSON.stringify(value)} was not found in value_mapping; using the default ${JSON.stringify(this.defaultValue)}`);
    return this.defaultValue;
  }
}
