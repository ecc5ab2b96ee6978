/**
 * `[polling] enable_prometheus_exporter`: an HTTP(S) endpoint on each of
 * `prometheus_listen_addresses` serving the agent's metrics and the latest samples as gauges.
 * Like prometheus_client's server, every path but /favicon.ico answers with the metrics.
 */
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@ceilometer-ts/sdk';
import { PROMETHEUS_CONTENT_TYPE, renderFamilies, type MetricFamily } from '@ceilometer-ts/prometheus-text';

/** Anything with metric families (PollingMetrics, SampleGauges). */
export interface MetricsSource {
  families(): MetricFamily[];
}

/** Anything that renders its own exposition text (a prom-client registry: {@link ProcessMetrics}). */
export interface MetricsText {
  metrics(): Promise<string>;
}

/** Exporter settings. */
export interface PrometheusExporterOptions {
  /** `host:port` or `[v6]:port` entries. */
  readonly addresses: readonly string[];
  readonly sources: readonly MetricsSource[];
  /** Served after `sources`, on the same endpoint (their names must not repeat the sources'). */
  readonly texts?: readonly MetricsText[];
  readonly logger: Logger;
  /** Certificate and key files (`prometheus_tls_*`). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

/** oslo's `netutils.parse_host_port` for `host:port`, `[v6]:port`; undefined when either is missing. */
export function parseListenAddress(address: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
  if (!m) return undefined;
  const port = Number(m[2]);
  return port >= 0 && port <= 65535 ? { host: m[1]!, port } : undefined;
}

/** The HTTP endpoint(s). */
export class PrometheusExporter {
  readonly #servers: Server[] = [];

  constructor(private readonly options: PrometheusExporterOptions) {}

  /** The text of `sources` (the families this package renders). */
  render(): string {
    return renderFamilies(this.options.sources.flatMap((s) => s.families()));
  }

  /** The text served on a scrape: `sources`, then every `texts` entry. */
  async scrape(): Promise<string> {
    const texts = await Promise.all((this.options.texts ?? []).map((t) => t.metrics()));
    return [this.render(), ...texts].join('');
  }

  /** Listens on every valid address; invalid ones are logged and ignored, as upstream. */
  async start(): Promise<void> {
    const tls = this.options.tls
      ? { cert: await readFile(this.options.tls.certFile), key: await readFile(this.options.tls.keyFile) }
      : undefined;
    for (const address of this.options.addresses) {
      const parsed = parseListenAddress(address);
      if (!parsed) {
        this.options.logger.warn({ address }, `Ignoring invalid address: ${address}`);
        continue;
      }
      const handler = (req: IncomingMessage, res: ServerResponse): void => this.#handle(req, res);
      const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(parsed.port, parsed.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.#servers.push(server);
      this.options.logger.info({ address }, `Prometheus exporter listening on ${address}`);
    }
  }

  /** Bound addresses (useful with port 0 in tests). */
  addresses(): readonly AddressInfo[] {
    return this.#servers.map((s) => s.address() as AddressInfo);
  }

  async stop(): Promise<void> {
    const servers = this.#servers.splice(0);
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/favicon.ico') {
      res.writeHead(200).end();
      return;
    }
    this.scrape().then(
      (body) => {
        res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        this.options.logger.error({ err }, 'cannot render the metrics');
        res.writeHead(500).end();
      },
    );
  }
}
