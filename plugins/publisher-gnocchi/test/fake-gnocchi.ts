/**
 * A fake Gnocchi v1 on 127.0.0.1 for unit tests: resources, resource types, archive policies, the
 * batch measures call with "Unknown resources", search, and failure injection (a status or a
 * dropped connection for the next requests). Every request is recorded.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import type { Logger, PluginContext } from '@ceilometer-ts/sdk';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface FakeResource {
  type: string;
  attributes: Record<string, unknown>;
}

export interface FakeGnocchi {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly resources: Map<string, FakeResource>;
  /** Resource id to metric name to measure values received. */
  readonly measures: Map<string, Map<string, { timestamp: string; value: number }[]>>;
  readonly archivePolicies: Map<string, unknown>;
  readonly resourceTypes: Map<string, Record<string, unknown>>;
  /** Failures for the next requests: a status (503) or 'drop' (connection destroyed). */
  failNext: (number | 'drop')[];
  /** Metric names the batch call answers 400 for (as a missing archive policy would). */
  refuseMetrics: Set<string>;
  /** Resource ids whose creation answers 400. */
  refuseCreate: Set<string>;
  /** Resource ids the batch call calls unknown although they exist (another agent created them meanwhile: 409). */
  pretendUnknown: Set<string>;
  /** Keystone: the project id of `service` in domain `Default` (its catalog's metric endpoint is this server). */
  serviceProjectId: string;
  count(method: string, prefix: string): number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export async function startFakeGnocchi(): Promise<FakeGnocchi> {
  const fake: Omit<FakeGnocchi, 'url' | 'close'> = {
    requests: [], resources: new Map(), measures: new Map(), archivePolicies: new Map(), resourceTypes: new Map(),
    failNext: [], refuseMetrics: new Set(), refuseCreate: new Set(), pretendUnknown: new Set(), serviceProjectId: 'f00d0000000000000000000000000001',
    count: (method, prefix) => fake.requests.filter((r) => r.method === method && r.path.startsWith(prefix)).length,
  };
  const handle = (req: RecordedRequest, res: ServerResponse): void => {
    const [path = ''] = req.path.split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method === 'POST' && path === '/v1/batch/resources/metrics/measures') {
      const body = req.body as Record<string, Record<string, { measures: { timestamp: string; value: number }[] }>>;
      const unknown = Object.keys(body).filter((id) => !fake.resources.has(id) || fake.pretendUnknown.delete(id));
      if (unknown.length > 0) {
        send(res, 400, { code: 400, description: { cause: 'Unknown resources', detail: unknown.map((id) => ({ resource_id: `uuid-${id}`, original_resource_id: id })) } });
        return;
      }
      const refused = Object.values(body).some((metrics) => Object.keys(metrics).some((m) => fake.refuseMetrics.has(m)));
      if (refused) {
        send(res, 400, { code: 400, description: 'Archive policy nope does not exist' });
        return;
      }
      for (const [id, metrics] of Object.entries(body)) {
        const stored = fake.measures.get(id) ?? new Map<string, { timestamp: string; value: number }[]>();
        for (const [name, m] of Object.entries(metrics)) stored.set(name, [...(stored.get(name) ?? []), ...m.measures]);
        fake.measures.set(id, stored);
      }
      send(res, 202);
      return;
    }
    if (parts[0] === 'v1' && parts[1] === 'resource' && parts.length === 3 && req.method === 'POST') {
      const { id, ...attributes } = req.body as Record<string, unknown> & { id: string };
      if (fake.refuseCreate.has(id)) return send(res, 400, { code: 400, description: `Invalid input: ${id}` });
      if (fake.resources.has(id)) return send(res, 409, { code: 409, description: `Resource ${id} already exists` });
      fake.resources.set(id, { type: parts[2]!, attributes });
      send(res, 201, { id, type: parts[2], ...attributes });
      return;
    }
    if (parts[0] === 'v1' && parts[1] === 'resource' && parts.length === 4 && req.method === 'PATCH') {
      const r = fake.resources.get(parts[3]!);
      if (!r) return send(res, 404, { code: 404, description: `Resource ${parts[3]} does not exist` });
      Object.assign(r.attributes, req.body);
      send(res, 200, { id: parts[3], type: r.type, ...r.attributes });
      return;
    }
    if (parts[0] === 'v1' && parts[1] === 'search' && parts[2] === 'resource' && req.method === 'POST') {
      const filter = (req.body as { '='?: Record<string, unknown> })['='] ?? {};
      const found = [...fake.resources.entries()]
        .filter(([, r]) => r.type === parts[3] && Object.entries(filter).every(([k, v]) => r.attributes[k] === v))
        .map(([id, r]) => ({ id, type: r.type, ...r.attributes }));
      send(res, 200, found);
      return;
    }
    if (path === '/v1/archive_policy' && req.method === 'POST') {
      const name = (req.body as { name: string }).name;
      if (fake.archivePolicies.has(name)) return send(res, 409, { code: 409, description: `Archive policy ${name} already exists` });
      fake.archivePolicies.set(name, req.body);
      send(res, 201, req.body);
      return;
    }
    if (path === '/v3/auth/tokens' && req.method === 'POST') {
      const base = `http://${String(req.headers.host)}`;
      res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': `token-${fake.count('POST', '/v3/auth/tokens')}` });
      res.end(JSON.stringify({
        token: {
          expires_at: new Date(Date.now() + 3_600_000).toISOString(), project: { id: 'p-ceilometer' }, user: { id: 'u-ceilometer' },
          catalog: [
            { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${base}/v3` }] },
            { type: 'metric', endpoints: [{ interface: 'internal', region_id: 'RegionOne', url: base }] },
          ],
        },
      }));
      return;
    }
    if (path === '/v3/domains' && req.method === 'GET') return send(res, 200, { domains: req.path.includes('name=Default') ? [{ id: 'default', name: 'Default' }] : [] });
    if (path === '/v3/projects' && req.method === 'GET') {
      return send(res, 200, { projects: req.path.includes('name=service') && req.path.includes('domain_id=default') ? [{ id: fake.serviceProjectId, name: 'service' }] : [] });
    }
    send(res, 404, { code: 404, description: `no route ${req.method} ${path}` });
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
      fake.requests.push(recorded);
      const failure = fake.failNext.shift();
      if (failure === 'drop') {
        req.socket.destroy();
        return;
      }
      if (failure !== undefined) {
        send(res, failure, { code: failure, description: 'injected' });
        return;
      }
      handle(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Log lines a test can read. */
export interface RecordingLogger extends Logger {
  readonly lines: { level: string; msg: string }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: { level: string; msg: string }[] = [];
  const fn = (level: string) => (first: unknown, ...rest: unknown[]): void => {
    const [msg, ...args] = typeof first === 'string' ? [first, ...rest] : rest;
    lines.push({ level, msg: format(String(msg ?? ''), ...args) });
  };
  const logger: RecordingLogger = {
    lines, trace: fn('trace'), debug: fn('debug'), info: fn('info'), warn: fn('warn'), error: fn('error'), fatal: fn('fatal'),
    child: () => logger,
  };
  return logger;
}

/** A plugin context over `values`, whose `findFile` finds absolute paths. */
export function contextWith(values: Record<string, unknown>, logger: Logger = recordingLogger()): PluginContext {
  const ctx = fakePluginContext(values);
  return { ...ctx, logger, config: { ...ctx.config, findFile: (name) => (isAbsolute(name) && existsSync(name) ? name : undefined) } };
}

/** A plugin context whose [service_credentials] reach `url` with gnocchi-basic. */
export function basicContext(url: string, logger: Logger = recordingLogger(), extra: Record<string, unknown> = {}): PluginContext {
  return contextWith({
    'service_credentials.auth_type': 'gnocchi-basic',
    'service_credentials.user': 'admin',
    'service_credentials.endpoint': url,
    ...extra,
  }, logger);
}

/** A plugin context with Keystone password credentials at `url/v3` (the fake's Keystone), interface internal. */
export function keystoneContext(url: string, logger: Logger = recordingLogger()): PluginContext {
  return contextWith({
    'service_credentials.auth_url': `${url}/v3`,
    'service_credentials.auth_type': 'password',
    'service_credentials.username': 'ceilometer',
    'service_credentials.password': 'secret',
    'service_credentials.user_domain_id': 'default',
    'service_credentials.project_name': 'service',
    'service_credentials.project_domain_id': 'default',
    'service_credentials.interface': 'internalURL',
  }, logger);
}
