/**
 * `timedelta`: seconds between two timestamps (upstream's TimedeltaPlugin), for example
 * `compute.instance.booting.time` from `created_at` and `launched_at`.
 */
import { isoTextEpochMicros } from '@ceilometer-ts/sdk';
import type { TraitMatch, TraitPlugin, TraitPluginParams } from './trait-plugin.js';

/** No parameters. Needs exactly two matched fields; otherwise the value is absent. */
export class TimedeltaPlugin implements TraitPlugin {
  constructor(_params: TraitPluginParams = {}) {}

  traitValues(matches: readonly TraitMatch[]): unknown[] {
    if (matches.length !== 2) return [null];
    const start = isoTextEpochMicros(matches[0]![1]);
    const end = isoTextEpochMicros(matches[1]![1]);
    if (start === undefined || end === undefined) return [null];
    return [Math.abs(end - start) / 1e6];
  }
}
