/**
 * Turns validated sinks into live ones: each sink's transformer chain (fresh instances per sink)
 * and its publishers (shared per URL through the pool). Every failure is collected as a located
 * config issue.
 */
import { CeilometerError, ConfigError, redactUrl, silentLogger, type ConfigIssue, type Logger, type Publisher, type Transformer } from '@ceilometer-ts/sdk';
import type { ConfigLocation, PipelineConfig, SinkConfig } from './config-types.js';
import { DEFAULT_DELIVERY_SETTINGS, splitDeliveryParameters, type DeliverySettings } from './delivery/delivery-settings.js';
import { TransformerUnavailableError } from './errors.js';
import type { PublisherFactory, TransformerFactory } from './factories.js';
import type { PublisherPool } from './publisher-pool.js';

/** What a pipeline manager needs from outside. */
export interface PipelineDependencies {
  readonly publisherFactory: PublisherFactory;
  /** Absent: a sink with transformers is a startup error naming the transformer. */
  readonly transformerFactory?: TransformerFactory;
  readonly logger?: Logger;
  /** Delivery queue defaults (`[publisher] delivery_*`); a publisher URL's `delivery_*` parameters override them. */
  readonly delivery?: DeliverySettings;
}

/** A publisher with the URL it was made for (and the redacted form logs use). */
export interface BoundPublisher {
  /** The URL without its `delivery_*` parameters (what the publisher was created with). */
  readonly url: string;
  readonly redactedUrl: string;
  readonly publisher: Publisher;
  /** How this sink's delivery queue for it behaves. */
  readonly delivery: DeliverySettings;
}

/** A sink ready to run. */
export interface ResolvedSink {
  readonly config: SinkConfig;
  readonly transformers: readonly Transformer[];
  readonly publishers: readonly BoundPublisher[];
}

/**
 * Resolves every sink of `config`; throws one ConfigError with every problem found, after closing
 * the publishers already made.
 */
export async function resolveSinks(
  config: PipelineConfig,
  pool: PublisherPool,
  deps: PipelineDependencies,
): Promise<Map<string, ResolvedSink>> {
  const issues: ConfigIssue[] = [];
  const logger = deps.logger ?? silentLogger;
  const resolved = new Map<string, ResolvedSink>();
  for (const sink of config.sinks) {
    const transformers = await createTransformers(sink, deps.transformerFactory, issues, logger);
    const publishers = await createPublishers(sink, pool, config.kind, issues, deps.delivery ?? DEFAULT_DELIVERY_SETTINGS);
    resolved.set(sink.name, { config: sink, transformers, publishers });
  }
  if (issues.length) {
    await pool.close();
    throw new ConfigError(issues);
  }
  return resolved;
}

/**
 * Fresh instances of every sink's transformer chain (same configuration, empty state): what one
 * partition of a partitioned notification agent runs with. Throws a ConfigError when one cannot be
 * made (it was made once already at startup, so this means a plugin that fails on its own).
 */
export async function createTransformerChains(config: PipelineConfig, factory: TransformerFactory | undefined): Promise<Map<string, Transformer[]>> {
  const issues: ConfigIssue[] = [];
  const chains = new Map<string, Transformer[]>();
  for (const sink of config.sinks) chains.set(sink.name, await createTransformers(sink, factory, issues, silentLogger));
  if (issues.length) throw new ConfigError(issues);
  return chains;
}

function issueAt(location: ConfigLocation, message: string): ConfigIssue {
  return { file: location.file, line: location.line, path: location.path, message };
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function createTransformers(
  sink: SinkConfig,
  factory: TransformerFactory | undefined,
  issues: ConfigIssue[],
  logger: Logger,
): Promise<Transformer[]> {
  const out: Transformer[] = [];
  for (const t of sink.transformers) {
    if (!factory) {
      issues.push(issueAt(t.location, `No transformer named ${t.name} loaded: this agent has no transformer support configured`));
      continue;
    }
    try {
      out.push(await factory.create(t.name, t.parameters));
      logger.info({ sink: sink.name, transformer: t.name }, 'Pipeline sink %s: set up transformer %s', sink.name, t.name);
    } catch (err) {
      const message = err instanceof TransformerUnavailableError ? err.message : `cannot set up transformer ${t.name}: ${reason(err)}`;
      issues.push(issueAt(t.location, message));
    }
  }
  return out;
}

async function createPublishers(
  sink: SinkConfig,
  pool: PublisherPool,
  kind: PipelineConfig['kind'],
  issues: ConfigIssue[],
  defaults: DeliverySettings,
): Promise<BoundPublisher[]> {
  const out: BoundPublisher[] = [];
  for (const p of sink.publishers) {
    let redactedUrl = redactUrl(p.url);
    try {
      // The delivery_* parameters are ours: the publisher (and an HTTP target) never sees them.
      const { url, settings } = splitDeliveryParameters(p.url, defaults, redactedUrl);
      redactedUrl = redactUrl(url);
      const publisher = await pool.get(url);
      if (kind === 'event' && typeof publisher.publishEvents !== 'function') {
        issues.push(issueAt(p.location, `publisher "${redactedUrl}" does not support events`));
        continue;
      }
      out.push({ url, redactedUrl, publisher, delivery: settings });
    } catch (err) {
      // Our own errors (no publisher for the scheme) already say what is wrong.
      const message = err instanceof CeilometerError ? err.message : `cannot create publisher "${redactedUrl}": ${reason(err)}`;
      issues.push(issueAt(p.location, message));
    }
  }
  return out;
}
