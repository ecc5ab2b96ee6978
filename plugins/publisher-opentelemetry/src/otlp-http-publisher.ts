/**
 * The `opentelemetryhttp://` publisher (upstream's OpentelemetryHttpPublisher): samples as one
 * OTLP/HTTP JSON export request per publish call, to an OpenTelemetry Collector's `/v1/metrics`.
 * It takes every parameter of the HTTP publisher (`timeout`, `max_retries`, `verify_ssl`, ...,
 * and `ssl` for https).
 */
import { createRequire } from 'node:module';
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toPublisherTarget,
  type Logger,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';
import { configValue, HttpSender, parseHttpSettings, type HttpSettings } from '@ceilometer-ts/publisher-common';
import { stringAttribute } from './otlp-json.js';
import { buildExportRequest, type OtlpRequestOptions } from './otlp-metrics.js';
import { StartTimeTracker } from './start-times.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The instrumentation scope name, as upstream. */
export const OTLP_SCOPE_NAME = 'ceilometer';

/**
 * Exports samples to an OTLP/HTTP receiver. Samples only: events are not supported.
 * @example `opentelemetryhttp://otel-collector:4318/v1/metrics`
 */
@injectable()
export class OpentelemetryHttpPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly settings: HttpSettings;
  readonly sender: HttpSender;
  readonly #options: OtlpRequestOptions;
  readonly #logger: Logger;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.settings = parseHttpSettings(this.target.url);
    this.#logger = ctx.logger;
    this.sender = new HttpSender(this.settings, ctx.logger, {
      contentType: 'application/json',
      maxSockets: configValue(ctx.config, 'DEFAULT', 'max_parallel_requests', 64),
      publisher: 'opentelemetryhttp',
    });
    const host = configValue<string | undefined>(ctx.config, 'DEFAULT', 'host', undefined);
    this.#options = {
      resourceAttributes: [stringAttribute('service.name', 'ceilometer'), ...(host ? [stringAttribute('host.name', host)] : [])],
      scopeName: OTLP_SCOPE_NAME,
      scopeVersion: version,
      startTimes: new StartTimeTracker(),
    };
  }

  async publishSamples(samples: readonly Sample[]): Promise<void> {
    const { request, skipped } = buildExportRequest(samples, this.#options);
    if (skipped.length) {
      this.#logger.warn({ count: skipped.length, example: skipped[0]?.timestamp }, 'OTLP: samples without a volume or a readable timestamp skipped');
    }
    if (!request) return;
    const reply = await this.sender.post(JSON.stringify(request));
    this.#checkPartialSuccess(reply);
  }

  /** A receiver that accepts only part of a request says so in `partialSuccess` (OTLP 1.0). */
  #checkPartialSuccess(reply: string | undefined): void {
    if (!reply) return;
    let parsed: { partialSuccess?: { rejectedDataPoints?: string | number; errorMessage?: string } };
    try {
      parsed = JSON.parse(reply) as typeof parsed;
    } catch {
      return;
    }
    const rejected = Number(parsed.partialSuccess?.rejectedDataPoints ?? 0);
    if (rejected > 0 || parsed.partialSuccess?.errorMessage) {
      this.#logger.warn({ rejectedDataPoints: rejected, reason: parsed.partialSuccess?.errorMessage }, 'OTLP receiver rejected %d data point(s)', rejected);
    }
  }

  /** Resolves once every export in flight has finished. */
  close(): Promise<void> {
    return this.sender.close();
  }
}
