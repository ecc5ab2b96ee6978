/**
 * The `rate_of_change` transformer (rocky's `RateOfChangeTransformer`): turns successive volumes
 * of a meter on a resource into a rate per second, scaled (cpu_util, disk and network rates).
 */
import { inject, injectable, INVOKE_ARGS, PLUGIN_CONTEXT, type PluginContext, type Sample, type Transformer } from '@ceilometer-ts/sdk';
import { compileExpression } from '@ceilometer-ts/expression';
import { readingOf } from './reading.js';
import { parametersOf, type TransformerArgs } from './parameters.js';
import { loggerOf, ScalingTransformer } from './scaling.js';

interface Previous {
  readonly volume: number;
  readonly micros: number;
  readonly monotonic: number | null;
}

/**
 * One cache entry per meter name and resource. The interval comes from `monotonic_time` when both
 * samples carry it, else from the timestamps. Out-of-order samples are dropped (the cache keeps the
 * newer one); a cumulative volume that went down counts as a reset (the new volume is the growth);
 * a zero interval gives a rate of 0, as rocky. The first sample of a series is dropped.
 */
@injectable()
export class RateOfChangeTransformer extends ScalingTransformer implements Transformer {
  readonly #cache = new Map<string, Previous>();

  constructor(@inject(INVOKE_ARGS) args: TransformerArgs, @inject(PLUGIN_CONTEXT) context?: Pick<PluginContext, 'logger'>) {
    super('rate_of_change', parametersOf('rate_of_change', args), loggerOf(context), {
      kind: 'expression',
      expression: compileExpression('1'),
    });
  }

  protected override scaled(sample: Sample): number {
    // NOTE: rocky multiplied a numeric scale by the current volume here too, which made the rate
    // meaningless; a numeric scale is a plain factor on the rate.
    if (this.scale?.kind === 'factor') return this.scale.factor;
    return super.scaled(sample);
  }

  handleSample(sample: Sample): Sample | null {
    const reading = readingOf(sample, 'rate_of_change', this.logger);
    if (!reading) return null;
    const { volume, micros } = reading;
    const key = `${sample.name}\u0000${sample.resource_id}`;
    const prev = this.#cache.get(key);
    this.#cache.set(key, { volume, micros, monotonic: sample.monotonic_time });
    if (!prev) {
      this.logger.warn({ meter: sample.name, resource_id: sample.resource_id }, 'dropping sample with no predecessor: %s for %s', sample.name, sample.resource_id);
      return null;
    }
    const interval =
      prev.monotonic !== null && sample.monotonic_time !== null ? sample.monotonic_time - prev.monotonic : (micros - prev.micros) / 1e6;
    if (interval < 0) {
      this.logger.warn({ meter: sample.name, resource_id: sample.resource_id, timestamp: sample.timestamp }, 'dropping out of time order sample: %s for %s @ %s', sample.name, sample.resource_id, sample.timestamp);
      this.#cache.set(key, prev);
      return null;
    }
    // Only a cumulative meter can reset; then its current volume is a lower bound on the growth.
    const growth = prev.volume <= volume || sample.type !== 'cumulative' ? volume - prev.volume : volume;
    const rate = interval ? growth / interval : 0;
    return this.convert(sample, rate);
  }

  flush(): readonly Sample[] {
    return [];
  }
}
