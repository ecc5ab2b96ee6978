/**
 * How pipelines get their publishers and transformers. The pipeline itself never touches the
 * registry: `registry-publisher-factory.ts` provides the registry-backed PublisherFactory, tests
 * pass fakes.
 */
import type { Publisher, Transformer } from '@ceilometer-ts/sdk';

/**
 * Makes a publisher for a URL written in a pipeline file (`gnocchi://?archive_policy=low`).
 * Called once per distinct URL per pipeline manager; a throw becomes a config issue at that URL.
 */
export interface PublisherFactory {
  create(url: string): Promise<Publisher>;
}

/**
 * Makes a transformer from a sink's `transformers:` entry (name and parameters). A throw becomes a
 * config issue at that entry; implementations should say what was wrong with the parameters.
 * Each sink gets its own instances (transformers hold per-sink state).
 */
export interface TransformerFactory {
  create(name: string, parameters: Readonly<Record<string, unknown>>): Transformer | Promise<Transformer>;
}
