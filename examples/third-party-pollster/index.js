/**
 * Host uptime as a ceilometer-ts pollster, written as a third party would: plain ESM JavaScript that
 * imports nothing but Node built-ins. The registry injects the plugin context through the static
 * token list (the decorator-free form of `@inject(PLUGIN_CONTEXT)`).
 */
import { randomUUID } from 'node:crypto';
import { hostname, uptime } from 'node:os';

const PLUGIN_CONTEXT = Symbol.for('ceilometer-ts.PluginContext');

/** Upstream's timestamp format: UTC, microseconds, `+00:00`. */
function isoTimestamp(date = new Date()) {
  return `${date.toISOString().slice(0, 23)}000+00:00`;
}

/** `example.uptime`: seconds since the host booted (gauge), one sample for the local host. */
export class UptimePollster {
  static [Symbol.for('ceilometer-ts.injectTokens')] = [PLUGIN_CONTEXT];

  /** No discovery: the pollster measures the host it runs on. */
  defaultDiscovery = null;

  constructor(ctx) {
    this.ctx = ctx;
  }

  async *getSamples(cycle) {
    const host = hostname();
    this.ctx?.logger.debug({ host }, 'reading host uptime');
    yield {
      name: 'example.uptime',
      type: 'gauge',
      unit: 's',
      volume: uptime(),
      user_id: null,
      project_id: null,
      resource_id: host,
      timestamp: cycle?.timestamp ?? isoTimestamp(),
      resource_metadata: { host },
      source: 'openstack',
      id: randomUUID(),
      monotonic_time: null,
    };
  }
}
