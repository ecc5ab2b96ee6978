/**
 * The `aggregator` transformer (rocky's `AggregatorTransformer`): merges samples of a meter and
 * resource until `size` samples were seen or `retention_time` seconds passed since the first one,
 * then releases one sample per group on flush (gauges averaged, cumulatives the last volume,
 * deltas summed).
 */
import {
  loggerOf, parametersOf, ScalingTransformer, TransformerParameterError, type Parameters, type TransformerArgs,
} from '@ceilometer-ts/transformer-conversions';
import { inject, injectable, INVOKE_ARGS, isoTextEpochMicros, numericVolume, PLUGIN_CONTEXT, withSample, type PluginContext, type Sample, type Transformer } from '@ceilometer-ts/sdk';

/** How a merged attribute is kept: from the first sample, the last, or (metadata only) dropped. */
export type AttributePolicy = 'first' | 'last' | 'drop';
type MergedField = 'project_id' | 'user_id' | 'resource_metadata';

interface Group {
  sample: Sample;
  count: number;
}

/**
 * `parameters: { size, retention_time, project_id, user_id, resource_metadata, timestamp, target }`.
 * `project_id`/`user_id` unset: part of the grouping key; `first`/`last`: merged. `resource_metadata`
 * is always merged (`last` by default, or `first`, `drop`). `target` is unit_conversion's.
 */
@injectable()
export class AggregatorTransformer extends ScalingTransformer implements Transformer {
  readonly size: number | undefined;
  readonly retentionTime: number | undefined;
  readonly timestampPolicy: 'first' | 'last';
  /** Attributes that split groups (rocky's `key_attributes`). */
  readonly keyAttributes: readonly ('project_id' | 'user_id')[];
  /** Attributes merged across a group and how (rocky's `merged_attribute_policy`). */
  readonly mergedPolicy: Readonly<Partial<Record<MergedField, AttributePolicy>>>;
  readonly #groups = new Map<string, Group>();
  #initialMicros: number | undefined;
  #aggregated = 0;

  constructor(@inject(INVOKE_ARGS) args: TransformerArgs, @inject(PLUGIN_CONTEXT) context?: Pick<PluginContext, 'logger'>) {
    const params = parametersOf('aggregator', args);
    super('aggregator', params, loggerOf(context));
    this.size = positive(params, 'size', parseInteger);
    this.retentionTime = positive(params, 'retention_time', parseFloat_);
    if (this.size === undefined && this.retentionTime === undefined) this.size = 1;
    this.timestampPolicy = params.timestamp === 'last' ? 'last' : 'first';
    const keys: ('project_id' | 'user_id')[] = [];
    const policy: Partial<Record<MergedField, AttributePolicy>> = {};
    for (const field of ['project_id', 'user_id'] as const) {
      const value = params[field];
      if (value) policy[field] = this.#policy(field, value, false);
      else keys.push(field);
    }
    policy.resource_metadata = this.#policy('resource_metadata', 'resource_metadata' in params ? params.resource_metadata : 'last', true);
    this.keyAttributes = keys;
    this.mergedPolicy = policy;
  }

  #policy(field: string, value: unknown, droppable: boolean): AttributePolicy {
    if (value === 'first' || value === 'last' || (droppable && value === 'drop')) return value;
    this.logger.warn('%s is unknown (%s), using last', field, String(value));
    return 'last';
  }

  #key(sample: Sample): string {
    const parts = this.keyAttributes.map((f) => sample[f] ?? '<undefined>');
    return `${sample.name}-${sample.resource_id}-${parts.join('-')}`;
  }

  handleSample(sample: Sample): Sample | null {
    if (numericVolume(sample.volume) === undefined) return null;
    this.#initialMicros ??= isoTextEpochMicros(sample.timestamp) ?? Date.now() * 1000;
    this.#aggregated += 1;
    const key = this.#key(sample);
    const group = this.#groups.get(key);
    if (!group) {
      const converted = this.convert(sample);
      if (!converted) return null;
      const first = this.mergedPolicy.resource_metadata === 'drop' ? withSample(converted, { resource_metadata: {} }) : converted;
      this.#groups.set(key, { sample: first, count: 1 });
      return null;
    }
    let scaled: number;
    try {
      scaled = this.scaled(sample);
    } catch (err) {
      this.logger.warn({ err, meter: sample.name, resource_id: sample.resource_id }, 'aggregator: unable to scale %s: %s', sample.name, (err as Error).message);
      return null;
    }
    group.count += 1;
    const changes: { -readonly [K in keyof Sample]?: Sample[K] } = {
      volume: sample.type === 'cumulative' ? scaled : (numericVolume(group.sample.volume) ?? 0) + scaled,
    };
    if (this.timestampPolicy === 'last') changes.timestamp = sample.timestamp;
    for (const [field, policy] of Object.entries(this.mergedPolicy) as [MergedField, AttributePolicy][]) {
      if (policy === 'last') (changes as Record<string, unknown>)[field] = sample[field];
    }
    group.sample = withSample(group.sample, changes);
    return null;
  }

  flush(): readonly Sample[] {
    if (this.#initialMicros === undefined) return [];
    const expired = this.retentionTime !== undefined && Date.now() * 1000 - this.#initialMicros > this.retentionTime * 1e6;
    const full = this.size !== undefined && this.#aggregated >= this.size;
    if (!full && !expired) return [];
    // NOTE: counts are kept per group, not looked up again by the renamed sample's key as rocky
    // did (which divided by zero when a gauge aggregate was renamed).
    const out = [...this.#groups.values()].map(({ sample, count }) =>
      sample.type === 'gauge' ? withSample(sample, { volume: (numericVolume(sample.volume) ?? Number.NaN) / count }) : sample,
    );
    this.#groups.clear();
    this.#aggregated = 0;
    this.#initialMicros = undefined;
    return out;
  }
}

function parseInteger(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return NaN;
}

function parseFloat_(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

/** rocky's `int(size) if size else None`: falsy means unset; anything unparsable is a load error. */
function positive(params: Parameters, key: string, parse: (v: unknown) => number): number | undefined {
  const value = params[key];
  if (!value) return undefined;
  const n = parse(value);
  if (!Number.isFinite(n)) throw new TransformerParameterError('aggregator', key, `expected a number, got ${JSON.stringify(value)}`);
  return n || undefined;
}
