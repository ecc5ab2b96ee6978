/**
 * The `unit_conversion` transformer (rocky's `ScalingTransformer`): renames and rescales samples
 * whose unit is `source.unit` (or every sample when no source unit is given).
 */
import { inject, injectable, INVOKE_ARGS, numericVolume, PLUGIN_CONTEXT, type PluginContext, type Sample, type Transformer } from '@ceilometer-ts/sdk';
import { parametersOf, stringParam, type TransformerArgs } from './parameters.js';
import { loggerOf, ScalingTransformer } from './scaling.js';

/**
 * `parameters: { source: { unit, map_from }, target: { name, unit, type, scale, max, map_to } }`.
 * Samples in another unit than `source.unit` pass unchanged.
 */
@injectable()
export class UnitConversionTransformer extends ScalingTransformer implements Transformer {
  readonly #sourceUnit: string | undefined;

  constructor(@inject(INVOKE_ARGS) args: TransformerArgs, @inject(PLUGIN_CONTEXT) context?: Pick<PluginContext, 'logger'>) {
    super('unit_conversion', parametersOf('unit_conversion', args), loggerOf(context));
    this.#sourceUnit = stringParam('unit_conversion', this.source, 'unit', 'source.unit');
  }

  handleSample(sample: Sample): Sample | null {
    if (this.#sourceUnit !== undefined && this.#sourceUnit !== sample.unit) return sample;
    if (numericVolume(sample.volume) === undefined) return sample;
    return this.convert(sample);
  }

  flush(): readonly Sample[] {
    return [];
  }
}
