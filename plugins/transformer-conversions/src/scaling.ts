/**
 * What rocky's `BaseConversionTransformer` and `ScalingTransformer` share: the `source`/`target`
 * parameters, `map_from`/`map_to` regex renames, the `scale` factor or expression and `max`.
 */
import { compileExpression, ExpressionEvaluationError, toVolume, type CompiledExpression } from '@ceilometer-ts/expression';
import { compilePythonSub, makeSample, numericVolume, silentLogger, type PythonSubstitution, type Logger, type PluginContext, type Sample, type SampleType } from '@ceilometer-ts/sdk';
import { TransformerParameterError } from './errors.js';
import { mappingParam, numberParam, stringParam, typeParam, type Parameters } from './parameters.js';

/** The names a `scale` expression can use: the sample's fields (rocky evaluated over `sample.as_dict()`). */
export const SCALE_NAMES: readonly string[] = [
  'name', 'type', 'unit', 'volume', 'user_id', 'project_id', 'resource_id', 'timestamp', 'resource_metadata', 'source', 'id', 'monotonic_time',
];

/** A `scale` parameter: a factor, or an expression evaluated per sample. */
export type Scale = { readonly kind: 'factor'; readonly factor: number } | { readonly kind: 'expression'; readonly expression: CompiledExpression };

/** Parses `target.scale`: a non-zero number, or an expression; zero, '' and null mean none (as rocky's truthiness). */
export function parseScale(transformer: string, value: unknown): Scale | undefined {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'factor', factor: value };
  if (typeof value === 'string') {
    try {
      return { kind: 'expression', expression: compileExpression(value, { names: SCALE_NAMES }) };
    } catch (err) {
      throw new TransformerParameterError(transformer, 'target.scale', (err as Error).message, { cause: err });
    }
  }
  throw new TransformerParameterError(transformer, 'target.scale', `expected a number or an expression, got ${JSON.stringify(value)}`);
}

/** The logger a transformer writes to. */
export function loggerOf(context: Pick<PluginContext, 'logger'> | undefined): Logger {
  return context?.logger ?? silentLogger;
}

/** `source`/`target` and the renames, shared by unit_conversion, rate_of_change and delta. */
export abstract class BaseConversionTransformer {
  protected readonly source: Parameters;
  protected readonly target: Parameters;
  protected readonly logger: Logger;
  readonly #targetName: string | undefined;
  readonly #targetUnit: string | undefined;
  readonly #renames: { readonly name?: PythonSubstitution; readonly unit?: PythonSubstitution };

  protected constructor(readonly transformerName: string, params: Parameters, logger: Logger) {
    this.logger = logger;
    this.source = mappingParam(transformerName, params, 'source');
    this.target = mappingParam(transformerName, params, 'target');
    this.#targetName = stringParam(transformerName, this.target, 'name', 'target.name');
    this.#targetUnit = stringParam(transformerName, this.target, 'unit', 'target.unit');
    const from = mappingParam(transformerName, this.source, 'map_from', 'source.map_from');
    const to = mappingParam(transformerName, this.target, 'map_to', 'target.map_to');
    const renames: { name?: PythonSubstitution; unit?: PythonSubstitution } = {};
    for (const attr of ['name', 'unit'] as const) {
      const pattern = stringParam(transformerName, from, attr, `source.map_from.${attr}`);
      const replacement = stringParam(transformerName, to, attr, `target.map_to.${attr}`);
      // NOTE: rocky renames only when both sides name the attribute; a bad regex there failed
      // silently on every sample, here it fails at load.
      if (!pattern || !replacement) continue;
      try {
        renames[attr] = compilePythonSub(pattern, replacement);
      } catch (err) {
        throw new TransformerParameterError(transformerName, `source.map_from.${attr}`, (err as Error).message, { cause: err });
      }
    }
    this.#renames = renames;
  }

  /** rocky's `_map`: the regex rename when it yields something, else the target's value, else the sample's. */
  protected mapped(sample: Sample, attr: 'name' | 'unit'): string {
    const renamed = this.#renames[attr]?.apply(sample[attr]);
    if (renamed) return renamed;
    return (attr === 'name' ? this.#targetName : this.#targetUnit) ?? sample[attr];
  }

  /** A new sample derived from `sample` (new id, no monotonic time, as rocky's `Sample(...)`). */
  protected derive(sample: Sample, fields: { name: string; unit: string; type: SampleType; volume: number }): Sample {
    return makeSample({
      ...fields,
      user_id: sample.user_id,
      project_id: sample.project_id,
      resource_id: sample.resource_id,
      timestamp: sample.timestamp,
      resource_metadata: sample.resource_metadata,
      source: sample.source,
    });
  }
}

/** rocky's `ScalingTransformer`: `target.scale`, `target.max` and `target.type` on top of the renames. */
export abstract class ScalingTransformer extends BaseConversionTransformer {
  protected readonly scale: Scale | undefined;
  protected readonly max: number | undefined;
  protected readonly targetType: SampleType | undefined;

  protected constructor(transformerName: string, params: Parameters, logger: Logger, defaultScale?: Scale) {
    super(transformerName, params, logger);
    this.scale = parseScale(transformerName, this.target.scale) ?? defaultScale;
    const max = numberParam(transformerName, this.target, 'max', 'target.max');
    this.max = max ? max : undefined;
    this.targetType = typeParam(transformerName, this.target, 'type', 'target.type');
  }

  /** rocky's `_scale`: the expression's value, or volume x factor, or the volume. */
  protected scaled(sample: Sample): number {
    const volume = numericVolume(sample.volume) ?? Number.NaN;
    if (!this.scale) return volume;
    if (this.scale.kind === 'factor') return volume * this.scale.factor;
    return toVolume(this.scale.expression.evaluate({ names: sample as unknown as Record<string, unknown> }));
  }

  /** rocky's `_convert`: the scaled volume times `growth`, capped at `max`, renamed and retyped. */
  protected convert(sample: Sample, growth = 1): Sample | null {
    let volume: number;
    try {
      volume = this.scaled(sample) * growth;
    } catch (err) {
      if (!(err instanceof ExpressionEvaluationError)) throw err;
      this.logger.warn({ err, meter: sample.name, resource_id: sample.resource_id }, '%s: unable to evaluate scale %s for %s: %s', this.transformerName, this.scale?.kind === 'expression' ? this.scale.expression.source : '', sample.name, err.message);
      return null;
    }
    return this.derive(sample, {
      name: this.mapped(sample, 'name'),
      unit: this.mapped(sample, 'unit'),
      type: this.targetType ?? sample.type,
      volume: this.max !== undefined ? Math.min(volume, this.max) : volume,
    });
  }
}
