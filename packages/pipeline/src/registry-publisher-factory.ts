/**
 * The registry-backed PublisherFactory: loads a publisher by URL scheme from
 * `ceilometer.sample.publisher` or `ceilometer.event.publisher` (stevedore DriverManager semantics,
 * as upstream's `publisher.get_publisher`). The only file of this package that uses the registry.
 */
import { Namespaces, NoMatchesError, type Publisher, type PublisherTarget } from '@ceilometer-ts/sdk';
import type { PipelineKind } from './config-types.js';
import { PublisherNotFoundError } from './errors.js';
import { loadDriver, type DriverSourceOptions } from './load-driver.js';
import type { PublisherFactory } from './factories.js';

/** Where and how to load publishers. */
export interface RegistryPublisherFactoryOptions extends DriverSourceOptions {
  readonly kind: PipelineKind;
}

/**
 * Creates a publisher per URL: the entry point named after the URL's scheme, constructed with a
 * PublisherTarget (`{ url, parsed }`). An unknown scheme throws PublisherNotFoundError listing the
 * installed schemes, which the pipeline turns into a located config issue.
 */
export class RegistryPublisherFactory implements PublisherFactory {
  readonly #options: RegistryPublisherFactoryOptions;
  readonly namespace: string;

  constructor(options: RegistryPublisherFactoryOptions) {
    this.#options = options;
    this.namespace = options.kind === 'sample' ? Namespaces.samplePublisher : Namespaces.eventPublisher;
  }

  async create(url: string): Promise<Publisher> {
    const parsed = new URL(url);
    const scheme = parsed.protocol.replace(/:$/, '');
    const target: PublisherTarget = { url, parsed };
    try {
      return await loadDriver<Publisher>(this.namespace, scheme, [target], this.#options);
    } catch (err) {
      if (err instanceof NoMatchesError) throw new PublisherNotFoundError(scheme, err.available, { cause: err });
      throw err;
    }
  }
}
