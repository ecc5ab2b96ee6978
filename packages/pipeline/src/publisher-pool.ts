/**
 * Publishers shared per exact URL within one pipeline manager (upstream's `PublisherManager`),
 * each closed once.
 */
import { redactUrl, type Logger, type Publisher } from '@ceilometer-ts/sdk';
import type { PublisherFactory } from './factories.js';

/** Creates each URL's publisher once and closes every created publisher once. */
export class PublisherPool {
  readonly #factory: PublisherFactory;
  readonly #logger: Logger;
  readonly #byUrl = new Map<string, Promise<Publisher>>();
  #closed = false;

  constructor(factory: PublisherFactory, logger: Logger) {
    this.#factory = factory;
    this.#logger = logger;
  }

  /** The publisher for `url`, created on first request; later requests share it. */
  get(url: string): Promise<Publisher> {
    if (this.#closed) return Promise.reject(new Error('publisher pool is closed'));
    let publisher = this.#byUrl.get(url);
    if (!publisher) {
      publisher = this.#factory.create(url);
      this.#byUrl.set(url, publisher);
    }
    return publisher;
  }

  /** How many distinct publishers were requested. */
  get size(): number {
    return this.#byUrl.size;
  }

  /** Closes every publisher that was created, once; a failing close is logged, the others go on. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(
      [...this.#byUrl].map(async ([url, pending]) => {
        let publisher: Publisher;
        try {
          publisher = await pending;
        } catch {
          return; // never created: nothing to close
        }
        try {
          await publisher.close();
        } catch (err) {
          this.#logger.error({ err, publisher: redactUrl(url) }, 'error closing publisher %s', redactUrl(url));
        }
      }),
    );
  }
}
