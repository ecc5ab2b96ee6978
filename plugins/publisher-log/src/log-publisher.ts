/**
 * The `log://` publisher and its `stdout://` alias: every sample or event as one JSON line on
 * stdout, or, with `?logger=1`, as an info record of the plugin logger. Meant for the embedded mode
 * and `--poll-once --publish`, where seeing samples matters more than storing them.
 */
import { randomUUID } from 'node:crypto';
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toPublisherTarget,
  type Event,
  type Logger,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';

/** Service name of an optional `Writable`-like stream used instead of process.stdout (tests, embedding). */
export const LOG_PUBLISHER_STREAM_SERVICE = 'publisher-log.stream';

/** The part of a writable stream the publisher uses. */
export interface LineSink {
  write(chunk: string, callback: (err?: Error | null) => void): boolean;
}

const TRUE_VALUES = new Set(['1', 'true', 'yes', 'on', '']);

// JSON.stringify refuses bigints (ints beyond 2^53 read from the wire); they are written through a
// marker string no record can hold (a per-process uuid), then unquoted, so they stay exact.
const BIGINT_MARK = `bigint:${randomUUID()}:`;
const BIGINT_MARKED = new RegExp(`"${BIGINT_MARK}(-?\\d+)"`, 'g');

/** One record as a JSON line; bigints written as exact integers. */
export function jsonLine(record: unknown): string {
  let marked = false;
  const text = JSON.stringify(record, (_key, value: unknown) => {
    if (typeof value !== 'bigint') return value;
    marked = true;
    return `${BIGINT_MARK}${value}`;
  });
  return marked ? text.replace(BIGINT_MARKED, '$1') : text;
}

/** Publishes samples and events as JSON lines to stdout or to the logger. */
@injectable()
export class LogPublisher implements Publisher {
  readonly target: PublisherTarget;
  /** True with `?logger=1`: records go to the logger instead of stdout. */
  readonly toLogger: boolean;
  readonly #logger: Logger;
  readonly #sink: LineSink;
  #lastWrite: Promise<void> = Promise.resolve();

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg = 'log://') {
    this.target = toPublisherTarget(args);
    const flag = this.target.parsed.searchParams.get('logger');
    this.toLogger = flag !== null && TRUE_VALUES.has(flag.toLowerCase());
    this.#logger = ctx.logger;
    this.#sink = ctx.services.get<LineSink>(LOG_PUBLISHER_STREAM_SERVICE) ?? process.stdout;
  }

  publishSamples(samples: readonly Sample[]): Promise<void> {
    if (this.toLogger) {
      for (const sample of samples) this.#logger.info({ sample }, 'sample');
      return Promise.resolve();
    }
    return this.#write(samples);
  }

  publishEvents(events: readonly Event[]): Promise<void> {
    if (this.toLogger) {
      for (const event of events) this.#logger.info({ event }, 'event');
      return Promise.resolve();
    }
    return this.#write(events);
  }

  /** Resolves once the stream has taken every line written so far. */
  close(): Promise<void> {
    return this.#lastWrite;
  }

  #write(records: readonly (Sample | Event)[]): Promise<void> {
    if (records.length === 0) return this.#lastWrite;
    const text = records.map((r) => `${jsonLine(r)}\n`).join('');
    const previous = this.#lastWrite;
    const written = new Promise<void>((resolve) => {
      this.#sink.write(text, (err) => {
        if (err) this.#logger.error({ err }, 'log publisher: cannot write to stdout; records dropped');
        resolve();
      });
    });
    this.#lastWrite = Promise.all([previous, written]).then(() => undefined);
    return this.#lastWrite;
  }
}
