/**
 * The `http://` and `https://` publisher (upstream's ceilometer.publisher.http.HttpPublisher):
 * samples as a JSON list of `sample.as_dict()`, events as a JSON list of `event.serialize()` (or
 * their raw payloads with `raw_only`), one POST per publish call (`batch=true`, the default) or
 * one per item.
 */
import {
  dumpsPyJson,
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toPublisherTarget,
  type Event,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type PyValue,
  type Sample,
} from '@ceilometer-ts/sdk';
import { configValue, HttpSender, parseHttpSettings, sampleAsDict, type HttpSettings } from '@ceilometer-ts/publisher-common';
import { dumpsList, rawPayload, serializeEvent } from './payloads.js';

/**
 * Posts samples and events as JSON.
 * @example `https://user:pass@collector:8443/ceilometer?timeout=2&max_retries=3&verify_ssl=/etc/ssl/ca.pem`
 */
@injectable()
export class HttpPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly settings: HttpSettings;
  readonly sender: HttpSender;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.settings = parseHttpSettings(this.target.url);
    this.sender = new HttpSender(this.settings, ctx.logger, {
      contentType: 'application/json',
      maxSockets: configValue(ctx.config, 'DEFAULT', 'max_parallel_requests', 64),
      publisher: this.settings.target.startsWith('https:') ? 'https' : 'http',
    });
    ctx.logger.debug({ target: this.settings.target.replace(/[?#].*$/, '') }, 'HttpPublisher initialised');
  }

  publishSamples(samples: readonly Sample[]): Promise<void> {
    return this.#post(samples.map(sampleAsDict));
  }

  publishEvents(events: readonly Event[]): Promise<void> {
    const data = this.settings.rawOnly
      ? events.map(rawPayload).filter((p): p is PyValue => p !== undefined)
      : events.map(serializeEvent);
    return this.#post(data);
  }

  /** Resolves once every POST in flight has finished. */
  close(): Promise<void> {
    return this.sender.close();
  }

  async #post(data: readonly PyValue[]): Promise<void> {
    if (data.length === 0) return;
    if (this.settings.batch) {
      await this.sender.post(dumpsList(data));
      return;
    }
    // one item per POST, the item itself as the body (upstream's `json.dumps(d)`), in order
    let firstError: Error | undefined;
    for (const d of data) {
      await this.sender.post(dumpsPyJson(d)).catch((err: unknown) => {
        firstError ??= err instanceof Error ? err : new Error(String(err));
      });
    }
    if (firstError !== undefined) throw firstError;
  }
}
