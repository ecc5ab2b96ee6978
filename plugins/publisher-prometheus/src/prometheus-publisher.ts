/**
 * The `prometheus://` publisher (upstream's ceilometer.publisher.prometheus.PrometheusPublisher):
 * pushes samples to a Prometheus Pushgateway in the text exposition format. It takes every
 * parameter of the HTTP publisher (`timeout`, `max_retries`, `verify_ssl`, ..., and `ssl` for https).
 */
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toPublisherTarget,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';
import { configValue, HttpSender, parseHttpSettings, type HttpSettings } from '@ceilometer-ts/publisher-common';
import { PROMETHEUS_CONTENT_TYPE } from '@ceilometer-ts/prometheus-text';
import { toExposition } from './exposition.js';
import { groupingSegment, hasGroupingLabels } from './grouping.js';

/** Content type of the text exposition format. */
export const EXPOSITION_CONTENT_TYPE = PROMETHEUS_CONTENT_TYPE;

/**
 * Pushes samples to a Pushgateway. Samples only: events are not supported.
 * @example `prometheus://pushgateway:9091/metrics/job/ceilometer`
 */
@injectable()
export class PrometheusPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly settings: HttpSettings;
  readonly sender: HttpSender;
  /** True when the URL names grouping labels: one push per publish call. */
  readonly grouped: boolean;

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext, @inject(INVOKE_ARGS) args: PublisherArg) {
    this.target = toPublisherTarget(args);
    this.settings = parseHttpSettings(this.target.url);
    this.grouped = hasGroupingLabels(new URL(this.settings.target).pathname);
    this.sender = new HttpSender(this.settings, ctx.logger, {
      contentType: EXPOSITION_CONTENT_TYPE,
      maxSockets: configValue(ctx.config, 'DEFAULT', 'max_parallel_requests', 64),
      publisher: 'prometheus',
    });
  }

  async publishSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return;
    if (this.grouped) {
      const body = toExposition(samples);
      if (body) await this.sender.post(body);
      return;
    }
    const byResource = new Map<string, Sample[]>();
    for (const s of samples) {
      const list = byResource.get(s.resource_id) ?? [];
      list.push(s);
      byResource.set(s.resource_id, list);
    }
    const pushes = [...byResource].map(([rid, list]) => {
      const body = toExposition(list);
      return body ? this.sender.post(body, groupingSegment('resource_id', rid)) : Promise.resolve();
    });
    const failed = (await Promise.allSettled(pushes)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Resolves once every push in flight has finished. */
  close(): Promise<void> {
    return this.sender.close();
  }
}
