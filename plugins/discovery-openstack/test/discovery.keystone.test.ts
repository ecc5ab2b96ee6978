/**
 * The tenant and endpoint discoveries, identity names and token renewal against a real Keystone
 * (scripts/services/start-keystone.sh through @ceilometer-ts/test-services; the run's shared one
 * when CEILO_TEST_KEYSTONE_ENV is set). Projects, a domain and a user of this test's own are
 * created and removed again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSample, type PluginContext } from '@ceilometer-ts/sdk';
import { fakePluginContext, fakePollCycle } from '@ceilometer-ts/sdk/testing';
import { startKeystone, type KeystoneService } from '@ceilometer-ts/test-services';
import { IdentityNameResolver, KeystoneApi, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { EndpointDiscovery, TenantDiscovery } from '../src/index.js';

let keystone: KeystoneService;
let admin: string;
const tag = randomUUID().slice(0, 8);
const ids: { domain?: string; on?: string; off?: string; inOffDomain?: string; user?: string } = {};

async function api(method: string, path: string, body?: unknown): Promise<Record<string, Record<string, unknown>>> {
  const res = await fetch(`${keystone.url}${path}`, {
    method, headers: { 'x-auth-token': admin, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 400) throw new Error(`keystone ${method} ${path}: HTTP ${res.status}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, Record<string, unknown>>);
}

function context(extra: Record<string, unknown> = {}): PluginContext {
  return fakePluginContext({
    'service_credentials.auth_url': keystone.url, 'service_credentials.auth_type': 'password',
    'service_credentials.username': 'ceilometer', 'service_credentials.password': keystone.servicePassword,
    'service_credentials.user_domain_id': 'default', 'service_credentials.project_name': 'service',
    'service_credentials.project_domain_id': 'default', 'service_credentials.interface': 'internal',
    'service_credentials.region_name': keystone.region,
    ...extra,
  });
}

beforeAll(async () => {
  keystone = await startKeystone();
  admin = (await keystone.token()).token;
  ids.domain = String((await api('POST', '/domains', { domain: { name: `ceilo-d-${tag}` } }))['domain']!['id']);
  ids.on = String((await api('POST', '/projects', { project: { name: `ceilo-on-${tag}`, domain_id: 'default' } }))['project']!['id']);
  ids.off = String((await api('POST', '/projects', { project: { name: `ceilo-off-${tag}`, domain_id: 'default', enabled: false } }))['project']!['id']);
  ids.inOffDomain = String((await api('POST', '/projects', { project: { name: `ceilo-in-${tag}`, domain_id: ids.domain } }))['project']!['id']);
  await api('PATCH', `/domains/${ids.domain}`, { domain: { enabled: false } });
  ids.user = String((await api('POST', '/users', { user: { name: `ceilo-u-${tag}`, domain_id: 'default', password: 'x' } }))['user']!['id']);
}, 300_000);

afterAll(async () => {
  if (admin) {
    for (const id of [ids.on, ids.off, ids.inOffDomain]) if (id) await api('DELETE', `/projects/${id}`).catch(() => undefined);
    if (ids.user) await api('DELETE', `/users/${ids.user}`).catch(() => undefined);
    if (ids.domain) await api('DELETE', `/domains/${ids.domain}`).catch(() => undefined);
  }
  await keystone?.stop();
});

describe('OpenStack discoveries (real Keystone)', () => {
  it('tenant lists the projects of every domain, disabled ones included', async () => {
    const found = (await new TenantDiscovery(context()).discover(fakePollCycle())).map((p) => p.id);
    expect(found).toEqual(expect.arrayContaining([ids.on, ids.off, ids.inOffDomain, (await keystone.token()).projectId]));
  });

  it('tenant with ignore_disabled_projects leaves out disabled projects and disabled domains', async () => {
    const found = (await new TenantDiscovery(context({ 'polling.ignore_disabled_projects': true })).discover(fakePollCycle())).map((p) => p.id);
    expect(found).toContain(ids.on);
    expect(found).not.toContain(ids.off);
    expect(found).not.toContain(ids.inOffDomain);
  });

  it('endpoint gives the identity URL of the catalog', async () => {
    const urls = await new EndpointDiscovery(context()).discover(fakePollCycle(), 'identity');
    expect(urls.length).toBe(1);
    expect(urls[0]!.replace(/\/+$/, '').replace(/\/v3$/, '')).toBe(keystone.url.replace(/\/v3$/, ''));
  });

  it('resolves project and user names (identity_name_discovery), null for an unknown id', async () => {
    const ctx = context();
    const resolver = new IdentityNameResolver(new KeystoneApi(sharedOpenStackSession(ctx)!), ctx.logger);
    const [named, unknown] = await resolver.annotate([
      makeSample({ name: 'm', type: 'gauge', unit: 'u', volume: 1, resource_id: 'r', project_id: ids.on!, user_id: ids.user! }),
      makeSample({ name: 'm', type: 'gauge', unit: 'u', volume: 1, resource_id: 'r', project_id: randomUUID().replaceAll('-', '') }),
    ]);
    expect([named!.project_name, named!.user_name]).toEqual([`ceilo-on-${tag}`, `ceilo-u-${tag}`]);
    expect([unknown!.project_name, unknown!.user_name]).toEqual([null, null]);
  });

  it('authenticates again when Keystone has revoked the session token during a run', async () => {
    const ctx = context();
    const session = sharedOpenStackSession(ctx)!;
    const discovery = new TenantDiscovery(ctx);
    expect((await discovery.discover(fakePollCycle())).length).toBeGreaterThan(0);
    const first = (await session.auth()).token;
    const res = await fetch(`${keystone.url}/auth/tokens`, { method: 'DELETE', headers: { 'x-auth-token': admin, 'x-subject-token': first } });
    expect(res.status).toBe(204);
    expect((await discovery.discover(fakePollCycle())).map((p) => p.id)).toContain(ids.on);
    expect((await session.auth()).token).not.toBe(first);
  });
});
