/**
 * Turns validated sinks into live ones: each sink's transformer chain (fresh instances per sink)
 * and its publishers (shared per URL through the pool). Every failure is collected as a located
 * config issue.
 */
import { CeilometerError, ConfigError, redactUrl, silentLogger, type ConfigIssue, type Logger, type Publisher, type Transformer } from '@ceilometer-ts/sdk';
import type { ConfigLocation, PipelineConfig, SinkConfig } from './config-types.js';
import { TransformerUnavailableError } from './errors.js';
import type { PublisherFactory, TransformerFactory } from './factories.js';
import type { PublisherPool } from './publisher-pool.js';

/** What a pipeline manager needs from outside. */
export interface PipelineDependencies {
  readonly publisherFactory: PublisherFactory;
  /** Absent: a sink with transformers is a startup error naming the transformer. */
  readonly transformerFactory?: TransformerFactory;
  readonly logger?: Logger;
}

/** A publisher with the URL it was made for (and the redacted form logs use). */
export interface BoundPublisher {
  readonly url: string;
  readonly redactedUrl: string;
  readonly publisher: Publisher;
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
    const publishers = await createPublishers(sink, pool, config.kind, issues);
    resolved.set(sink.name, { config: sink, transformers, publishers });
  }
  if (issues.length) {
    await pool.close();
    throw new ConfigError(issues);
  }
  return resolved;
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
): Promise<BoundPublisher[]> {
  const out: BoundPublisher[] = [];
  for (const p of sink.publishers) {
    const redactedUrl = redactUrl(p.url);
    try {
      const publisher = await pool.get(p.url);
      if (kind === 'event' && typeof publisher.publishEvents !== 'function') {
        issues.push(issueAt(p.location, `publisher "${redactedUrl}" does not support events`));
        continue;
      }
      out.push({ url: p.url, redactedUrl, publisher });
    } catch (err) {
      // Our own errors (no publisher for the scheme) already say what is wrong.
      const message = err instanceof CeilometerError ? err.message : `cannot create publisher "${redactedUrl}": ${reason(err)}`;
      issues.push(issueAt(p.location, message));
    }
  }
  return out;
}
