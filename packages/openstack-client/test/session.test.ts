import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { createOpenStackSession, OpenStackAuthError, OpenStackConnectionError, OpenStackEndpointNotFoundError, OpenStackHttpError, type OpenStackSession } from '../src/index.js';
import { credentialsConfig, json, startFakeCloud, type FakeCloud } from './fake-cloud.js';

let cloud: FakeCloud;
let now: number;
const fast = { retries: 2, backoffBaseMs: 1, timeoutMs: 2000, now: () => now };

function session(extra: Record<string, unknown> = {}): OpenStackSession {
  const s = createOpenStackSession(credentialsConfig(cloud, extra), silentLogger, fast);
  if (!s) throw new Error('no session');
  return s;
}

beforeEach(async () => {
  cloud = await startFakeCloud();
  now = Date.now();
  cloud.on('/compute-internal/v2.1/ping', (_req, res) => json(res, 200, { ok: true }));
});
afterEach(async () => {
  await cloud.close();
});

describe('OpenStackSession tokens', () => {
  it('authenticates once and reuses the token until shortly before it expires', async () => {
    const s = session();
    await s.getJson('compute', 'ping');
    await s.getJson('compute', 'ping');
    expect(cloud.tokens).toBe(1);
    expect(cloud.requests.filter((r) => r.path.endsWith('/ping')).map((r) => r.headers['x-auth-token'])).toEqual(['tok-1', 'tok-1']);
    now += 3_600_000 - 59_000; // less than a minute left: renewed before use
    await s.getJson('compute', 'ping');
    expect(cloud.tokens).toBe(2);
    expect(cloud.requests.at(-1)!.headers['x-auth-token']).toBe('tok-2');
    s.close();
  });

  it('runs one authentication for concurrent first calls', async () => {
    const s = session();
    await Promise.all(Array.from({ length: 8 }, () => s.getJson('compute', 'ping')));
    expect(cloud.tokens).toBe(1);
    s.close();
  });

  it('authenticates again once when a service answers 401, then succeeds', async () => {
    let refusals = 1;
    cloud.on('/compute-internal/v2.1/flaky', (_req, res) => (refusals-- > 0 ? json(res, 401, { error: { message: 'expired' } }) : json(res, 200, { ok: 1 })));
    const s = session();
    await expect(s.getJson('compute', 'flaky')).resolves.toEqual({ ok: 1 });
    expect(cloud.tokens).toBe(2);
    s.close();
  });

  it('gives up after one re-authentication when the service keeps answering 401', async () => {
    cloud.on('/compute-internal/v2.1/denied', (_req, res) => json(res, 401, { error: { message: 'no' } }));
    const s = session();
    const error = await s.getJson('compute', 'denied').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenStackHttpError);
    expect(error).toMatchObject({ status: 401, service: 'compute', code: 'CEILO_ERR_OPENSTACK_HTTP' });
    expect(cloud.tokens).toBe(2);
    s.close();
  });

  it('reports refused credentials as OpenStackAuthError without the password', async () => {
    const s = session({ 'service_credentials.password': 'wrong-Pa55' });
    const error = (await s.getJson('compute', 'ping').catch((e: unknown) => e)) as OpenStackAuthError;
    expect(error).toBeInstanceOf(OpenStackAuthError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('refused user ceilometer');
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('wrong-Pa55');
    s.close();
  });

  it('authenticates with an application credential (id or name + user)', async () => {
    const base = { 'service_credentials.password': undefined, 'service_credentials.application_credential_secret': 'appsecret' };
    const byId = session({ ...base, 'service_credentials.auth_type': 'v3applicationcredential', 'service_credentials.application_credential_id': 'ac1' });
    await byId.getJson('compute', 'ping');
    const byName = session({ ...base, 'service_credentials.auth_type': 'application_credential', 'service_credentials.application_credential_name': 'acname' });
    await byName.getJson('compute', 'ping');
    const bodies = cloud.requests.filter((r) => r.path === '/v3/auth/tokens').map((r) => r.body);
    expect(bodies).toEqual([
      { auth: { identity: { methods: ['application_credential'], application_credential: { id: 'ac1', secret: 'appsecret' } } } },
      {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { name: 'acname', secret: 'appsecret', user: { name: 'ceilometer', domain: { id: 'default' } } },
          },
        },
      },
    ]);
    byId.close();
    byName.close();
  });

  it('sends a project-scoped password request', async () => {
    const s = session();
    await s.auth();
    expect(cloud.requests[0]!.body).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'ceilometer', domain: { id: 'default' }, password: 'secret' } } },
        scope: { project: { name: 'service', domain: { id: 'default' } } },
      },
    });
    s.close();
  });

  it('is null without auth_url, and rejects incomplete credentials with a typed error', () => {
    expect(createOpenStackSession(credentialsConfig({ authUrl: '' }), silentLogger)).toBeNull();
    expect(() => createOpenStackSession(credentialsConfig(cloud, { 'service_credentials.auth_type': 'token' }), silentLogger)).toThrow(OpenStackAuthError);
    expect(() => createOpenStackSession(credentialsConfig(cloud, { 'service_credentials.password': undefined }), silentLogger)).toThrow(/needs password/);
  });
});

describe('OpenStackSession logging', () => {
  it('logs each request at debug without the password or the token', async () => {
    const lines: string[] = [];
    const log = (...args: unknown[]): void => {
      lines.push(JSON.stringify(args));
    };
    const logger: Logger = { trace: log, debug: log, info: log, warn: log, error: log, fatal: log, child: () => logger };
    let refusals = 1;
    cloud.on('/compute-internal/v2.1/flaky', (_req, res) => (refusals-- > 0 ? json(res, 401, {}) : json(res, 200, {})));
    const s = createOpenStackSession(credentialsConfig(cloud, { 'service_credentials.password': 'secret' }), logger, fast)!;
    await s.getJson('compute', 'flaky');
    expect(lines.length).toBeGreaterThanOrEqual(4); // auth, 401, auth, 200
    expect(lines.join('\n')).toContain('/compute-internal/v2.1/flaky');
    expect(lines.join('\n')).not.toMatch(/"secret"|tok-\d/);
    s.close();
  });
});

describe('OpenStackSession catalog', () => {
  it('picks the endpoint by interface (internalURL spelling) and region', async () => {
    const s = session();
    expect(await s.endpoint('compute')).toBe(`${cloud.url}/compute-internal/v2.1`);
    expect(await s.endpoint('compute', { interface: 'public' })).toBe(`${cloud.url}/compute-public/v2.1`);
    expect(await s.endpoint('compute', { region: 'RegionTwo' })).toBe(`${cloud.url}/compute-r2/v2.1`);
    const r2 = session({ 'service_credentials.region_name': 'RegionTwo', 'service_credentials.interface': 'internal' });
    expect(await r2.endpoint('compute')).toBe(`${cloud.url}/compute-r2/v2.1`);
    s.close();
    r2.close();
  });

  it('names what the catalog has when no endpoint matches', async () => {
    const s = session();
    const error = (await s.endpoint('metric').catch((e: unknown) => e)) as OpenStackEndpointNotFoundError;
    expect(error).toBeInstanceOf(OpenStackEndpointNotFoundError);
    expect(error.message).toContain('no internal endpoint for service type "metric" in region RegionOne');
    expect(error.message).toContain('compute/internal/RegionOne');
    s.close();
  });
});

describe('OpenStackSession retries', () => {
  it('retries 5xx with backoff, then succeeds', async () => {
    let failures = 2;
    cloud.on('/compute-internal/v2.1/busy', (_req, res) => (failures-- > 0 ? json(res, 503, { message: 'busy' }) : json(res, 200, { ok: 2 })));
    const s = session();
    await expect(s.getJson('compute', 'busy')).resolves.toEqual({ ok: 2 });
    expect(cloud.requests.filter((r) => r.path.endsWith('/busy'))).toHaveLength(3);
    s.close();
  });

  it('retries a failing Keystone too', async () => {
    cloud.authFailures.push(500, 502);
    const s = session();
    await expect(s.getJson('compute', 'ping')).resolves.toEqual({ ok: true });
    expect(cloud.tokens).toBe(1);
    s.close();
  });

  it('does not retry 4xx, and the error names service, status and URL but not the token', async () => {
    cloud.on('/compute-internal/v2.1/missing', (_req, res) => json(res, 404, { itemNotFound: { code: 404, message: 'Instance x could not be found.' } }));
    const s = session();
    const error = (await s.getJson('compute', 'missing', { query: { all_tenants: 'True' } }).catch((e: unknown) => e)) as OpenStackHttpError;
    expect(error).toBeInstanceOf(OpenStackHttpError);
    expect(error.message).toBe(`compute: GET ${cloud.url}/compute-internal/v2.1/missing?all_tenants=True answered HTTP 404: Instance x could not be found.`);
    expect(error.message).not.toContain('tok-');
    expect(cloud.requests.filter((r) => r.path.includes('/missing'))).toHaveLength(1);
    s.close();
  });

  it('gives up with OpenStackConnectionError when nothing listens', async () => {
    const url = cloud.authUrl;
    await cloud.close();
    const s = createOpenStackSession(credentialsConfig({ authUrl: url }), silentLogger, fast)!;
    const error = (await s.auth().catch((e: unknown) => e)) as OpenStackConnectionError;
    expect(error).toBeInstanceOf(OpenStackConnectionError);
    expect(error.message).toMatch(/^identity: POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens failed: ECONNREFUSED$/);
    s.close();
    cloud = await startFakeCloud(); // for afterEach
  });

  it('stops waiting when the caller aborts', async () => {
    cloud.on('/compute-internal/v2.1/slow', () => {});
    const s = session();
    const controller = new AbortController();
    const pending = s.getJson('compute', 'slow', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cycle over')), 50);
    await expect(pending).rejects.toThrow('cycle over');
    s.close();
  });
});
