/**
 * A fake OpenStack cloud on 127.0.0.1 for unit tests: Keystone v3 `POST /v3/auth/tokens`
 * (password `secret`, application credential secret `appsecret`) with a catalog pointing back at
 * this server, and per-path handlers a test installs. Every request is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigView } from '@ceilometer-ts/sdk';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

export interface FakeCloud {
  readonly url: string;
  readonly authUrl: string;
  readonly requests: RecordedRequest[];
  /** Tokens issued so far. */
  tokens: number;
  /** Token lifetime in ms (default 1 h). */
  tokenTtlMs: number;
  /** Status answered to the next N auth requests instead of a token (e.g. 503). */
  authFailures: number[];
  /** Services appended to the token's catalog (tests of other service types). */
  extraCatalog: unknown[];
  /** Handler for requests whose path starts with `prefix` (longest prefix wins). */
  on(prefix: string, handler: Handler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function catalog(url: string): unknown[] {
  const ep = (iface: string, region: string, path: string) => ({ interface: iface, region_id: region, region, url: `${url}${path}` });
  return [
    { type: 'identity', name: 'keystone', endpoints: [ep('public', 'RegionOne', '/v3')] },
    {
      type: 'compute', name: 'nova',
      endpoints: [
        ep('public', 'RegionOne', '/compute-public/v2.1'), ep('internal', 'RegionOne', '/compute-internal/v2.1'),
        ep('admin', 'RegionOne', '/compute-admin/v2.1'), ep('internal', 'RegionTwo', '/compute-r2/v2.1'),
      ],
    },
    { type: 'image', name: 'glance', endpoints: [ep('internal', 'RegionOne', '/image')] },
  ];
}

function authorised(body: unknown): boolean {
  const identity = (body as { auth?: { identity?: Record<string, unknown> } }).auth?.identity;
  const password = (identity?.['password'] as { user?: { password?: string } } | undefined)?.user?.password;
  const appSecret = (identity?.['application_credential'] as { secret?: string } | undefined)?.secret;
  return password === 'secret' || appSecret === 'appsecret';
}

export async function startFakeCloud(): Promise<FakeCloud> {
  const handlers = new Map<string, Handler>();
  let server: Server;
  const cloud: FakeCloud = {
    url: '', authUrl: '', requests: [], tokens: 0, tokenTtlMs: 3_600_000, authFailures: [], extraCatalog: [],
    on: (prefix, handler) => handlers.set(prefix, handler),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
      cloud.requests.push(recorded);
      if (recorded.method === 'POST' && recorded.path === '/v3/auth/tokens') {
        const failure = cloud.authFailures.shift();
        if (failure !== undefined) return json(res, failure, { error: { message: 'unavailable' } });
        if (!authorised(recorded.body)) return json(res, 401, { error: { code: 401, message: 'The request you have made requires authentication.' } });
        cloud.tokens += 1;
        const expires = new Date(Date.now() + cloud.tokenTtlMs).toISOString();
        return json(res, 201, { token: { expires_at: expires, project: { id: 'p-service' }, user: { id: 'u-ceilometer' }, catalog: [...catalog(cloud.url), ...cloud.extraCatalog] } }, { 'x-subject-token': `tok-${cloud.tokens}` });
      }
      const prefix = [...handlers.keys()].filter((p) => recorded.path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
      if (prefix === undefined) return json(res, 404, { itemNotFound: { message: `no handler for ${recorded.path}` } });
      handlers.get(prefix)!(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(cloud, { url: `http://127.0.0.1:${port}`, authUrl: `http://127.0.0.1:${port}/v3` });
  return cloud;
}

/** A ConfigView holding `[service_credentials]` for the fake cloud (password auth), plus `extra`. */
export function credentialsConfig(cloud: { authUrl: string }, extra: Record<string, unknown> = {}): ConfigView {
  return fakePluginContext({
    'service_credentials.auth_url': cloud.authUrl,
    'service_credentials.auth_type': 'password',
    'service_credentials.username': 'ceilometer',
    'service_credentials.password': 'secret',
    'service_credentials.user_domain_id': 'default',
    'service_credentials.project_name': 'service',
    'service_credentials.project_domain_id': 'default',
    'service_credentials.interface': 'internalURL',
    'service_credentials.region_name': 'RegionOne',
    ...extra,
  }).config;
}
