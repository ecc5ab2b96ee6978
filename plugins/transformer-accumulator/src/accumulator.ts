/**
 * The `accumulator` transformer (rocky's `TransformerAccumulator`): holds samples back until
 * `size` of them are waiting, then releases them all on flush.
 */
import { inject, injectable, INVOKE_ARGS, type Sample, type Transformer } from '@ceilometer-ts/sdk';
import { AccumulatorParameterError } from './errors.js';

/** What the constructor receives: the manager's invokeArgs (`[parameters]`) or the parameters. */
export type AccumulatorArgs = readonly unknown[] | Readonly<Record<string, unknown>> | undefined;

/** `parameters: { size }` (default 1). A size below 1 passes samples straight through. */
@injectable()
export class TransformerAccumulator implements Transformer {
  readonly size: number;
  #samples: Sample[] = [];

  constructor(@inject(INVOKE_ARGS) args: AccumulatorArgs) {
    const params = (Array.isArray(args) ? args[0] : args) ?? {};
    if (typeof params !== 'object' || Array.isArray(params)) throw new AccumulatorParameterError('parameters', `expected a mapping, got ${JSON.stringify(params)}`);
    const raw = (params as Record<string, unknown>).size ?? 1;
    const size = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(size)) throw new AccumulatorParameterError('size', `expected a number, got ${JSON.stringify(raw)}`);
    this.size = size;
  }

  handleSample(sample: Sample): Sample | null {
    if (this.size < 1) return sample;
    this.#samples.push(sample);
    return null;
  }

  flush(): readonly Sample[] {
    if (this.size < 1 || this.#samples.length < this.size) return [];
    const out = this.#samples;
    this.#samples = [];
    return out;
  }
}
