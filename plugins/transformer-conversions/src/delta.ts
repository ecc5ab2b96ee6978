/**
 * The `delta` transformer (rocky's `DeltaTransformer`): the difference between successive volumes
 * of a meter on a resource, as a delta sample.
 */
import { pyTruthy, toPyValue } from '@ceilometer-ts/expression';
import { inject, injectable, INVOKE_ARGS, PLUGIN_CONTEXT, type PluginContext, type Sample, type Transformer } from '@ceilometer-ts/sdk';
import { readingOf } from './reading.js';
import { parametersOf, type TransformerArgs } from './parameters.js';
import { BaseConversionTransformer, loggerOf } from './scaling.js';

interface Previous {
  readonly volume: number;
  readonly micros: number;
}

/**
 * `parameters: { target: { name, map_to }, source: { map_from }, growth_only }`. The first sample
 * of a series and out-of-order samples are dropped; with `growth_only`, negative deltas too.
 * The unit is kept and the type is always `delta`.
 */
@injectable()
export class DeltaTransformer extends BaseConversionTransformer implements Transformer {
  readonly growthOnly: boolean;
  readonly #cache = new Map<string, Previous>();

  constructor(@inject(INVOKE_ARGS) args: TransformerArgs, @inject(PLUGIN_CONTEXT) context?: Pick<PluginContext, 'logger'>) {
    const params = parametersOf('delta', args);
    super('delta', params, loggerOf(context));
    this.growthOnly = pyTruthy(toPyValue(params.growth_only));
  }

  handleSample(sample: Sample): Sample | null {
    const reading = readingOf(sample, 'delta', this.logger);
    if (!reading) return null;
    const { volume, micros } = reading;
    const key = `${sample.name}\u0000${sample.resource_id}`;
    const prev = this.#cache.get(key);
    this.#cache.set(key, { volume, micros });
    if (!prev) {
      this.logger.warn({ meter: sample.name, resource_id: sample.resource_id }, 'Dropping sample with no predecessor: %s for %s', sample.name, sample.resource_id);
      return null;
    }
    if (micros < prev.micros) {
      this.logger.warn({ meter: sample.name, resource_id: sample.resource_id, timestamp: sample.timestamp }, 'Dropping out of time order sample: %s for %s @ %s', sample.name, sample.resource_id, sample.timestamp);
      this.#cache.set(key, prev);
      return null;
    }
    const delta = volume - prev.volume;
    if (this.growthOnly && delta < 0) {
      this.logger.warn({ meter: sample.name, resource_id: sample.resource_id }, 'Negative delta detected, dropping value');
      return null;
    }
    return this.derive(sample, { name: this.mapped(sample, 'name'), unit: sample.unit, type: 'delta', volume: delta });
  }

  flush(): readonly Sample[] {
    return [];
  }
}
