/**
 * Static sessions (gnocchiclient's keystoneauth plugins `gnocchi-basic` and `gnocchi-noauth`): no
 * Keystone, a fixed endpoint for every service type, fixed headers, a 401 not retried.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import { createOpenStackSession, OpenStackAuthError, OpenStackHttpError, readSessionCredentials } from '../src/index.js';

const config = (values: Record<string, unknown>) =>
  fakePluginContext(Object.fromEntries(Object.entries(values).map(([k, v]) => [`service_credentials.${k}`, v]))).config;

describe('readSessionCredentials', () => {
  it('gnocchi-basic: user (default admin) as basic auth with an empty password, endpoint (default localhost:8041)', () => {
    expect(readSessionCredentials(config({ auth_type: 'gnocchi-basic', user: 'ceilometer', endpoint: 'http://g:8041/' }))).toEqual({
      authType: 'gnocchi-basic', endpoint: 'http://g:8041', headers: { authorization: `basic ${Buffer.from('ceilometer:').toString('base64')}` },
      userId: null, projectId: null, interface: 'public', regionName: null, insecure: false,
    });
    expect(readSessionCredentials(config({ auth_type: 'gnocchi-basic' }))).toMatchObject({ endpoint: 'http://localhost:8041', headers: { authorization: 'basic YWRtaW46' } });
  });

  it('gnocchi-noauth: user_id, project_id, roles (default admin) as headers; missing fields named', () => {
    expect(readSessionCredentials(config({ auth_type: 'gnocchi-noauth', user_id: 'u', project_id: 'p', endpoint: 'http://g:8041', timeout: 5 }))).toMatchObject({
      headers: { 'x-user-id': 'u', 'x-project-id': 'p', 'x-roles': 'admin' }, userId: 'u', projectId: 'p', timeoutMs: 5000,
    });
    expect(() => readSessionCredentials(config({ auth_type: 'gnocchi-noauth', user_id: 'u' }))).toThrow(
      new OpenStackAuthError('[service_credentials] auth_type gnocchi-noauth needs project_id, endpoint'),
    );
  });

  it('Keystone credentials are read as before; none without auth_url', () => {
    expect(readSessionCredentials(config({ auth_url: 'http://ks:5000', username: 'u', user_domain_id: 'default', password: 'p' }))).toMatchObject({ authUrl: 'http://ks:5000/v3' });
    expect(readSessionCredentials(config({ auth_type: 'password' }))).toBeNull();
  });
});

describe('a static session', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  it('sends its headers to its endpoint for any service type and does not retry a 401', async () => {
    const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      res.writeHead(req.url === '/v1/denied' ? 401 : 200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const session = createOpenStackSession(config({ auth_type: 'gnocchi-noauth', user_id: 'u', project_id: 'p', roles: 'admin,member', endpoint }), silentLogger)!;
    closers.push(() => session.close());
    expect(await session.endpoint('metric')).toBe(endpoint);
    expect(await session.getJson('metric', 'v1/status')).toEqual({ ok: true });
    expect(seen[0]).toMatchObject({ path: '/v1/status', headers: { 'x-user-id': 'u', 'x-project-id': 'p', 'x-roles': 'admin,member' } });
    expect(seen[0]!.headers['x-auth-token']).toBeUndefined();
    await expect(session.request('metric', 'v1/denied')).rejects.toBeInstanceOf(OpenStackHttpError);
    expect(seen.filter((s) => s.path === '/v1/denied')).toHaveLength(1);
    expect(await session.request('metric', 'v1/raw', { method: 'POST', body: '{"a":1.0}', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 200 });
  });
});
