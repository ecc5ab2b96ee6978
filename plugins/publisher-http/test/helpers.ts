import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MapServiceRegistry, silentLogger, TraitType, type Event, type Logger, type PluginContext, type Sample } from '@ceilometer-ts/sdk';

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly socket: number;
}

/** A local HTTP server recording requests; `respond` picks each status (default 200). */
export async function startRecorder(respond: (n: number) => number = () => 200): Promise<{ url: string; port: number; requests: Received[]; sockets: () => number; close: () => Promise<void>; server: Server }> {
  const requests: Received[] = [];
  let sockets = 0;
  const ids = new WeakMap<object, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), socket: ids.get(req.socket) ?? -1 });
      res.statusCode = respond(requests.length);
      res.end('{}');
    });
  });
  server.on('connection', (s) => ids.set(s, ++sockets));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, port, requests, sockets: () => sockets, server,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export function recordingLogger(): Logger & { lines: unknown[][] } {
  const lines: unknown[][] = [];
  const log = (...args: unknown[]): void => void lines.push(args);
  const logger = { ...silentLogger, lines, error: log, warn: log, child: () => logger };
  return logger as Logger & { lines: unknown[][] };
}

export const context = (logger: Logger = silentLogger): PluginContext => ({ logger, services: new MapServiceRegistry() }) as unknown as PluginContext;

/** The fixtures make-golden.py builds with upstream. */
export const samples: Sample[] = [
  { name: 'cpu', type: 'cumulative', unit: 'ns', volume: 123456789012, user_id: 'u-1', project_id: 'p-1', resource_id: 'r-1',
    timestamp: '2026-11-23T19:00:00.123456', resource_metadata: { flavor: { vcpus: 2 }, name: 'vm \u00e9' }, source: 'openstack',
    id: '8a3f6c1e-0000-4000-8000-000000000001', monotonic_time: null },
  { name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 0.25, user_id: null, project_id: null, resource_id: 'r-2',
    timestamp: '2026-11-23T19:00:00+00:00', resource_metadata: {}, source: 'openstack', id: '8a3f6c1e-0000-4000-8000-000000000002', monotonic_time: 12.5 },
];

export const events: Event[] = [
  { message_id: 'm-1', event_type: 'compute.instance.create.end', generated: '2026-11-23T19:00:00.000000',
    traits: [{ name: 'service', dtype: TraitType.text, value: 'compute' }, { name: 'memory_mb', dtype: TraitType.int, value: 512 }],
    raw: { payload: { instance_id: 'i-1' } } },
  { message_id: 'm-2', event_type: 'x', generated: '2026-11-23T19:00:01', traits: [], raw: {} },
];
