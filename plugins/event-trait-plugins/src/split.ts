/**
 * `split`: one segment of the string value (upstream's SplitterTraitPlugin, deprecated there in
 * favour of the `` `split(sep, segment, max)` `` JSONPath operator, which our engine also supports).
 */
import { pyStr, type PyValue } from '@ceilometer-ts/sdk';
import { TraitPluginParameterError, type TraitMatch, type TraitPlugin, type TraitPluginParams } from './trait-plugin.js';

/** Parameters: `separator` (default `.`), `segment` (default 0, negative counts from the end), `max_split` (default none). */
export class SplitterTraitPlugin implements TraitPlugin {
  readonly supportReturnAllValues = true;
  readonly separator: string;
  readonly segment: number;
  readonly maxSplit: number | null;

  constructor(params: TraitPluginParams = {}) {
    const { separator = '.', segment = 0, max_split: maxSplit = null } = params;
    if (typeof separator !== 'string' || separator === '') throw new TraitPluginParameterError('split: separator must be a non-empty string');
    if (!Number.isInteger(segment)) throw new TraitPluginParameterError('split: segment must be an integer');
    if (maxSplit !== null && !Number.isInteger(maxSplit)) throw new TraitPluginParameterError('split: max_split must be an integer');
    this.separator = separator;
    this.segment = segment as number;
    this.maxSplit = maxSplit as number | null;
  }

  traitValues(matches: readonly TraitMatch[]): unknown[] {
    return matches.map(([, value]) => this.#segment(pyStr(value as PyValue)));
  }

  #segment(text: string): string | null {
    let parts = text.split(this.separator);
    if (this.maxSplit !== null && this.maxSplit >= 0 && parts.length > this.maxSplit + 1) {
      parts = [...parts.slice(0, this.maxSplit), parts.slice(this.maxSplit).join(this.separator)];
    }
    const i = this.segment < 0 ? parts.length + this.segment : this.segment;
    return i >= 0 && i < parts.length ? parts[i]! : null;
  }
}
