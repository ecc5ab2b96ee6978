/**
 * Keystone, Neutron and Swift on the fake cloud (`fake-cloud.ts`) for the tests of the network,
 * object store and OpenStack discovery plugins: catalog entries on the internal interface and
 * handlers serving what a test puts in `state`. Neutron pages its floating IPs by `limit`/`marker`
 * with `floatingips_links`, as the real server does.
 */
import type { ServerResponse } from 'node:http';
import type { Logger, PluginContext } from '@ceilometer-ts/sdk';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import { json, startFakeCloud, type FakeCloud, type RecordedRequest } from './fake-cloud.js';

export interface FakeNetObjState {
  domains: Record<string, unknown>[];
  projects: Record<string, unknown>[];
  users: Record<string, unknown>[];
  floatingips: Record<string, unknown>[];
  /** VPNaaS and FWaaS v2 listings, by their collection key (`vpnservices`, `ipsec_site_connections`, `firewall_groups`, `firewall_policies`). */
  services: Record<string, Record<string, unknown>[]>;
  /** Swift accounts by project id: containers with name, count, bytes (absent: 404). */
  accounts: Record<string, { name: string; count: number; bytes: number; storage_policy?: string }[]>;
  /** Project ids whose account answers 403. */
  forbidden: string[];
  /** Status Neutron answers instead of a listing (e.g. 500). */
  neutronStatus: number | null;
  /** Tokens Neutron and Swift refuse with a 401 (an expired token). */
  revokedTokens: string[];
}

export interface FakeNetObj {
  readonly cloud: FakeCloud;
  readonly state: FakeNetObjState;
}

const ep = (url: string, path: string) => ({ interface: 'internal', region_id: 'RegionOne', region: 'RegionOne', url: `${url}${path}` });

function refused(state: FakeNetObjState, req: RecordedRequest, res: ServerResponse): boolean {
  if (!state.revokedTokens.includes(String(req.headers['x-auth-token']))) return false;
  json(res, 401, { error: { code: 401, message: 'token expired' } });
  return true;
}

function listing(req: RecordedRequest, all: Record<string, unknown>[], key: string, url: string): Record<string, unknown> {
  const q = new URL(req.path, url).searchParams;
  let items = all.filter((item) => [...q.entries()].every(([k, v]) => k === 'limit' || k === 'marker' || String(item[k]) === (v === 'True' ? 'true' : v)));
  const marker = q.get('marker');
  if (marker !== null) items = items.slice(items.findIndex((i) => i['id'] === marker) + 1);
  const limit = q.get('limit');
  if (limit === null) return { [key]: items };
  const page = items.slice(0, Number(limit));
  const more = items.length > page.length;
  const path = new URL(req.path, url).pathname;
  return { [key]: page, [`${key}_links`]: more ? [{ rel: 'next', href: `${url}${path}?limit=${limit}&marker=${String(page.at(-1)!['id'])}` }] : [] };
}

/** Starts the fake cloud with `identity`, `network` (or not: `withNeutron: false`) and `object-store` internal endpoints. */
export async function startFakeNetObj(options: { withNeutron?: boolean; withSwift?: boolean } = {}): Promise<FakeNetObj> {
  const cloud = await startFakeCloud();
  const state: FakeNetObjState = { domains: [], projects: [], users: [], floatingips: [], services: {}, accounts: {}, forbidden: [], neutronStatus: null, revokedTokens: [] };
  cloud.extraCatalog.push({ type: 'identity', name: 'keystone', endpoints: [ep(cloud.url, '/v3')] });
  if (options.withNeutron !== false) cloud.extraCatalog.push({ type: 'network', name: 'neutron', endpoints: [ep(cloud.url, '/network')] });
  if (options.withSwift !== false) cloud.extraCatalog.push({ type: 'object-store', name: 'swift', endpoints: [ep(cloud.url, '/swift/v1/AUTH_p-service')] });
  cloud.on('/v3/domains', (req, res) => json(res, 200, listing(req, state.domains, 'domains', cloud.url)));
  cloud.on('/v3/projects', (req, res) => {
    const id = new URL(req.path, cloud.url).pathname.split('/')[3];
    if (id === undefined) return json(res, 200, listing(req, state.projects, 'projects', cloud.url));
    const project = state.projects.find((p) => p['id'] === id);
    return project ? json(res, 200, { project }) : json(res, 404, { error: { code: 404, message: `Could not find project: ${id}.` } });
  });
  cloud.on('/v3/users/', (req, res) => {
    const id = new URL(req.path, cloud.url).pathname.split('/')[3];
    const user = state.users.find((u) => u['id'] === id);
    return user ? json(res, 200, { user }) : json(res, 404, { error: { code: 404, message: `Could not find user: ${id}.` } });
  });
  cloud.on('/network/v2.0/', (req, res) => {
    if (refused(state, req, res)) return;
    if (state.neutronStatus !== null) return json(res, state.neutronStatus, { NeutronError: { message: 'boom' } });
    if (req.path.startsWith('/network/v2.0/floatingips')) return json(res, 200, listing(req, state.floatingips, 'floatingips', cloud.url));
    const service = /^\/network\/v2\.0\/(?:vpn|fwaas)\/([a-z_-]+)/.exec(new URL(req.path, cloud.url).pathname)?.[1]?.replaceAll('-', '_');
    if (service !== undefined && state.services[service]) return json(res, 200, listing(req, state.services[service], service, cloud.url));
    return json(res, 404, { NeutronError: { message: 'The resource could not be found.' } });
  });
  cloud.on('/swift/v1/', (req, res) => {
    if (refused(state, req, res)) return;
    const account = new URL(req.path, cloud.url).pathname.split('/')[3] ?? '';
    const project = account.replace(/^AUTH_/, '');
    if (state.forbidden.includes(project)) return json(res, 403, 'Forbidden');
    const containers = state.accounts[project];
    if (!containers) return json(res, 404, 'Not Found');
    const headers = {
      'x-account-object-count': String(containers.reduce((n, c) => n + c.count, 0)),
      'x-account-bytes-used': String(containers.reduce((n, c) => n + c.bytes, 0)),
      'x-account-container-count': String(containers.length),
    };
    if (req.method === 'HEAD') {
      res.writeHead(204, headers);
      return res.end();
    }
    return json(res, 200, containers, headers);
  });
  return { cloud, state };
}

/** One log line a plugin wrote. */
export interface LoggedLine {
  readonly level: string;
  readonly message: string;
}

/** A plugin context with `[service_credentials]` for the fake cloud (plus `extra`), recording warn and error lines. */
export function netObjContext(cloud: { authUrl: string }, extra: Record<string, unknown> = {}): PluginContext & { readonly lines: LoggedLine[] } {
  const base = fakePluginContext({
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
  });
  const lines: LoggedLine[] = [];
  const record = (level: string) => (a: unknown, b?: unknown) => {
    lines.push({ level, message: String(typeof a === 'string' ? a : b) });
  };
  const logger: Logger = {
    trace: () => undefined, debug: () => undefined, info: () => undefined,
    warn: record('warn'), error: record('error'), fatal: record('fatal'),
    child: () => logger,
  };
  return { ...base, logger, lines };
}
