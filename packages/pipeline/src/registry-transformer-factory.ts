/**
 * The registry-backed TransformerFactory: loads a sink's transformers by name from
 * `ceilometer.transformer` (stevedore DriverManager semantics, as rocky's pipeline did), one new
 * instance per sink entry, constructed with the entry's parameters.
 */
import { didYouMean, Namespaces, NoMatchesError, type Transformer } from '@ceilometer-ts/sdk';
import { TransformerUnavailableError } from './errors.js';
import type { TransformerFactory } from './factories.js';
import { loadDriver, type DriverSourceOptions } from './load-driver.js';

/** Where and how to load transformers. */
export type RegistryTransformerFactoryOptions = DriverSourceOptions;

/**
 * Creates a transformer per call: the entry point called `name`, invoked with `[parameters]`.
 * An unknown name throws TransformerUnavailableError naming it and the installed transformers,
 * which the pipeline turns into a located config issue.
 */
export class RegistryTransformerFactory implements TransformerFactory {
  readonly namespace = Namespaces.transformer;
  readonly #options: RegistryTransformerFactoryOptions;

  constructor(options: RegistryTransformerFactoryOptions = {}) {
    this.#options = options;
  }

  async create(name: string, parameters: Readonly<Record<string, unknown>>): Promise<Transformer> {
    try {
      return await loadDriver<Transformer>(this.namespace, name, [parameters], this.#options);
    } catch (err) {
      if (err instanceof NoMatchesError) {
        const installed = err.available.length ? err.available.join(', ') : 'none';
        throw new TransformerUnavailableError(`No transformer named ${name} loaded (installed transformers: ${installed})${didYouMean(name, err.available)}`, { cause: err });
      }
      throw err;
    }
  }
}
