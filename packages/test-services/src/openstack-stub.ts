import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIBVIRT_TEST_FLAVORS, type LibvirtTestFlavor } from './libvirt-test-node.js';

/**
 * A minimal Keystone v3 + Nova (flavors) on 127.0.0.1: what upstream Ceilometer 19.0's compute
 * agent asks for even with `instance_discovery_method = libvirt_metadata` (a token, then the flavor
 * id by name through novaclient's `flavors.find`). Not a Keystone: any credentials get a token.
 */
export interface OpenStackStubOptions {
  /** Flavors served by `/v2.1/flavors[/detail]` (default {@link LIBVIRT_TEST_FLAVORS}). */
  readonly flavors?: readonly LibvirtTestFlavor[];
  /** Token lifetime in seconds (default 3600). */
  readonly tokenTtlSeconds?: number;
  /** Region of every catalog endpoint (default RegionOne). */
  readonly region?: string;
}

/** One request the stub answered (method, path with query, status). */
export interface OpenStackStubRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

export interface OpenStackStub {
  /** Keystone `auth_url` (`http://127.0.0.1:PORT/v3`). */
  readonly authUrl: string;
  /** Nova endpoint in the catalog (`http://127.0.0.1:PORT/v2.1`). */
  readonly computeUrl: string;
  readonly port: number;
  /** Every request answered so far. */
  readonly requests: readonly OpenStackStubRequest[];
  /** `[service_credentials]` lines for a ceilometer.conf pointing at this stub. */
  serviceCredentialsConf(): string;
  stop(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function flavorJson(f: LibvirtTestFlavor, base: string): Record<string, unknown> {
  return {
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    vcpus: f.vcpus,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    swap: f.swap === 0 ? '' : f.swap,
    'os-flavor-access:is_public': true,
    'OS-FLV-DISABLED:disabled': false,
    rxtx_factor: 1.0,
    links: [{ rel: 'self', href: `${base}/v2.1/flavors/${f.id}` }],
  };
}

interface Catalog {
  readonly base: string;
  readonly region: string;
}

function catalogJson({ base, region }: Catalog): unknown[] {
  const endpoints = (url: string): unknown[] =>
    ['public', 'internal', 'admin'].map((iface) => ({ id: randomUUID(), interface: iface, region, region_id: region, url }));
  return [
    { id: randomUUID(), type: 'identity', name: 'keystone', endpoints: endpoints(`${base}/v3`) },
    { id: randomUUID(), type: 'compute', name: 'nova', endpoints: endpoints(`${base}/v2.1`) },
  ];
}

function tokenJson(catalog: Catalog, ttlSeconds: number): unknown {
  const now = Date.now();
  const project = { id: 'service0000000000000000000000000', name: 'service', domain: { id: 'default', name: 'Default' } };
  return {
    token: {
      methods: ['password'],
      user: { id: 'ceilometer000000000000000000000', name: 'ceilometer', domain: { id: 'default', name: 'Default' }, password_expires_at: null },
      project,
      roles: [{ id: 'admin0000000000000000000000000000', name: 'admin' }],
      issued_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttlSeconds * 1000).toISOString(),
      audit_ids: [randomUUID()],
      is_domain: false,
      catalog: catalogJson(catalog),
    },
  };
}

function versionDoc(base: string): unknown {
  return {
    version: {
      id: 'v3.14',
      status: 'stable',
      updated: '2020-04-07T00:00:00Z',
      links: [{ rel: 'self', href: `${base}/v3/` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
    },
  };
}

function novaVersionDoc(base: string): unknown {
  return {
    version: {
      id: 'v2.1',
      status: 'CURRENT',
      version: '2.95',
      min_version: '2.1',
      updated: '2013-07-23T11:33:21Z',
      links: [{ rel: 'self', href: `${base}/v2.1/` }],
    },
  };
}

function route(req: IncomingMessage, res: ServerResponse, base: string, options: Required<OpenStackStubOptions>): void {
  const url = new URL(req.url ?? '/', base);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const flavors = options.flavors;
  const catalog = { base, region: options.region };
  if (req.method === 'POST' && path === '/v3/auth/tokens') {
    send(res, 201, tokenJson(catalog, options.tokenTtlSeconds), { 'x-subject-token': randomUUID().replace(/-/g, '') });
    return;
  }
  if (req.method === 'GET' && path === '/v3/auth/tokens') {
    send(res, 200, tokenJson(catalog, options.tokenTtlSeconds), { 'x-subject-token': req.headers['x-subject-token']?.toString() ?? '' });
    return;
  }
  if (req.method !== 'GET') {
    send(res, 405, { error: { code: 405, message: 'method not allowed' } });
    return;
  }
  if (path === '/v3') return send(res, 200, versionDoc(base));
  if (path === '/') return send(res, 300, { versions: { values: [(versionDoc(base) as { version: unknown }).version] } });
  if (path === '/v2.1') return send(res, 200, novaVersionDoc(base));
  if (path === '/v2.1/flavors' || path === '/v2.1/flavors/detail') {
    // novaclient pages with marker/limit; everything fits on one page
    const marker = url.searchParams.get('marker');
    const list = marker ? [] : flavors.map((f) => flavorJson(f, base));
    const body = path.endsWith('/detail') ? list : list.map((f) => ({ id: f['id'], name: f['name'], links: f['links'] }));
    return send(res, 200, { flavors: body });
  }
  const one = /^\/v2\.1\/flavors\/([^/]+)$/.exec(path);
  if (one) {
    const f = flavors.find((x) => x.id === decodeURIComponent(one[1]!));
    return f ? send(res, 200, { flavor: flavorJson(f, base) }) : send(res, 404, { itemNotFound: { code: 404, message: 'Flavor could not be found.' } });
  }
  send(res, 404, { error: { code: 404, message: `not stubbed: ${path}` } });
}

/** Starts the stub on a free port of 127.0.0.1. */
export async function startOpenStackStub(options: OpenStackStubOptions = {}): Promise<OpenStackStub> {
  const full: Required<OpenStackStubOptions> = {
    flavors: options.flavors ?? LIBVIRT_TEST_FLAVORS,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    region: options.region ?? 'RegionOne',
  };
  const requests: OpenStackStubRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    res.on('finish', () => requests.push({ method: req.method ?? '', url: req.url ?? '', status: res.statusCode }));
    // the body (credentials) is not checked; drain it before answering
    req.resume();
    req.on('end', () => route(req, res, base, full));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    authUrl: `${base}/v3`,
    computeUrl: `${base}/v2.1`,
    port,
    requests,
    serviceCredentialsConf: () =>
      [
        '[service_credentials]',
        'auth_type = password',
        `auth_url = ${base}/v3`,
        'username = ceilometer',
        'password = stub',
        'project_name = service',
        'user_domain_id = default',
        'project_domain_id = default',
        `region_name = ${full.region}`,
        'interface = internal',
        '',
      ].join('\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
