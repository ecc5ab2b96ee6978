/**
 * The `arithmetic` transformer (rocky's `ArithmeticTransformer`): computes a new meter from the
 * latest samples of several meters of one resource, e.g. `100.0 * $(memory.usage) / $(memory)`.
 */
import { compileExpression, toVolume, type CompiledExpression } from '@ceilometer-ts/expression';
import {
  inject, injectable, INVOKE_ARGS, makeSample, PLUGIN_CONTEXT, SAMPLE_TYPES, silentLogger,
  type Logger, type PluginContext, type Sample, type SampleType, type Transformer,
} from '@ceilometer-ts/sdk';
import { ArithmeticParameterError } from './errors.js';

/** What the constructor receives: the manager's invokeArgs (`[parameters]`) or the parameters. */
export type ArithmeticArgs = readonly unknown[] | Readonly<Record<string, unknown>> | undefined;

/**
 * `parameters: { target: { name, unit, type, expr } }`. Every sample reaching it is held (consumed);
 * on flush, each resource that has a sample of every meter in `expr` yields one sample, with the
 * user, project and metadata of the first meter named and the timestamp of the latest sample seen,
 * and its cache is cleared. An `expr` naming no meter is logged at load and never yields anything.
 */
@injectable()
export class ArithmeticTransformer implements Transformer {
  readonly expr: string;
  readonly #expression: CompiledExpression | undefined;
  readonly #target: { readonly name?: string; readonly unit?: string; readonly type?: SampleType };
  readonly #required: ReadonlySet<string>;
  readonly #cache = new Map<string, Map<string, Sample>>();
  readonly #logger: Logger;
  #latestTimestamp: string | undefined;

  constructor(@inject(INVOKE_ARGS) args: ArithmeticArgs, @inject(PLUGIN_CONTEXT) context?: Pick<PluginContext, 'logger'>) {
    this.#logger = context?.logger ?? silentLogger;
    const params = record('parameters', Array.isArray(args) ? args[0] : args);
    const target = record('target', params.target);
    this.#target = { name: text(target, 'name'), unit: text(target, 'unit'), type: sampleType(target) };
    this.expr = text(target, 'expr') ?? '';
    if (this.expr.trim() !== '') {
      try {
        this.#expression = compileExpression(this.expr, { meterReferences: true });
      } catch (err) {
        throw new ArithmeticParameterError('target.expr', (err as Error).message, { cause: err });
      }
    }
    this.#required = new Set(this.#expression?.meters ?? []);
    if (this.#required.size === 0) {
      this.#logger.warn("Arithmetic transformer must use at least one meter in expression '%s'", this.expr);
    }
  }

  /** Meters the expression needs, the first being the reference meter. */
  get requiredMeters(): readonly string[] {
    return this.#expression?.meters ?? [];
  }

  handleSample(sample: Sample): Sample | null {
    if (this.#required.has(sample.name)) {
      let meters = this.#cache.get(sample.resource_id);
      if (!meters) this.#cache.set(sample.resource_id, (meters = new Map()));
      meters.set(sample.name, sample);
    }
    this.#latestTimestamp = sample.timestamp;
    return null;
  }

  flush(): readonly Sample[] {
    const out: Sample[] = [];
    if (!this.#expression) return out;
    for (const [resourceId, meters] of [...this.#cache]) {
      if (meters.size !== this.#required.size) continue;
      const result = this.#calculate(this.#expression, meters);
      if (result) out.push(result);
      this.#cache.delete(resourceId);
    }
    return out;
  }

  #calculate(expression: CompiledExpression, meters: ReadonlyMap<string, Sample>): Sample | null {
    const reference = meters.get(expression.meters[0] as string) as Sample;
    let volume: number;
    try {
      volume = toVolume(expression.evaluate({ meters: Object.fromEntries(meters) }));
    } catch (err) {
      this.#logger.warn({ err, resource_id: reference.resource_id }, 'Unable to evaluate expression %s: %s', this.expr, (err as Error).message);
      return null;
    }
    return makeSample({
      name: this.#target.name ?? reference.name,
      unit: this.#target.unit ?? reference.unit,
      type: this.#target.type ?? reference.type,
      volume,
      user_id: reference.user_id,
      project_id: reference.project_id,
      resource_id: reference.resource_id,
      timestamp: this.#latestTimestamp ?? reference.timestamp,
      resource_metadata: reference.resource_metadata,
      source: reference.source,
    });
  }
}

function record(path: string, value: unknown): Readonly<Record<string, unknown>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ArithmeticParameterError(path, `expected a mapping, got ${JSON.stringify(value)}`);
  return value as Readonly<Record<string, unknown>>;
}

function text(target: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = target[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ArithmeticParameterError(`target.${key}`, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function sampleType(target: Readonly<Record<string, unknown>>): SampleType | undefined {
  const value = text(target, 'type');
  if (value !== undefined && !(SAMPLE_TYPES as readonly string[]).includes(value)) {
    throw new ArithmeticParameterError('target.type', `expected one of ${SAMPLE_TYPES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as SampleType | undefined;
}
