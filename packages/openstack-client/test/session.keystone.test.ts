/**
 * OpenStackSession against a real Keystone 22 (Debian "keystone", scripts/services/start-keystone.sh):
 * password and application-credential sessions, the catalog, refused credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import { startKeystone, type KeystoneService } from '@ceilometer-ts/test-services';
import { createOpenStackSession, OpenStackAuthError, type OpenStackSession } from '../src/index.js';

let keystone: KeystoneService;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

function sessionFor(values: Record<string, unknown>): OpenStackSession {
  const config = fakePluginContext(Object.fromEntries(Object.entries({ auth_url: keystone.url, region_name: keystone.region, ...values }).map(([k, v]) => [`service_credentials.${k}`, v]))).config;
  return createOpenStackSession(config, silentLogger, { retries: 1, backoffBaseMs: 50 })!;
}

const ceilometer = { auth_type: 'password', username: 'ceilometer', user_domain_id: 'default', project_name: 'service', project_domain_id: 'default' };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  keystone = await startKeystone();
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await keystone?.stop();
});

describe('Keystone sessions (real Keystone)', () => {
  it('authenticates with a password and reads the catalog (internalURL spelling)', async () => {
    const s = sessionFor({ ...ceilometer, password: keystone.servicePassword, interface: 'internalURL' });
    const state = await s.auth();
    expect(state.token).toMatch(/^gAAAAA/); // fernet
    expect(state.expiresAt).toBeGreaterThan(Date.now() + 3_600_000);
    expect(await s.endpoint('identity')).toBe(keystone.url);
    expect(await s.endpoint('compute')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\.1$/);
    // an authenticated call through the catalog: Keystone's own API
    const projects = await s.getJson('identity', `users/${state.userId}/projects`);
    expect((projects['projects'] as { name: string }[]).map((p) => p.name)).toContain('service');
    s.close();
  });

  it('authenticates with an application credential, by id and by name', async () => {
    const owner = await keystone.token('ceilometer', keystone.servicePassword, 'service');
    const name = `ceilo-ts-${process.pid}-${Date.now()}`;
    const res = await fetch(`${keystone.url}/users/${owner.userId}/application_credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': owner.token },
      body: JSON.stringify({ application_credential: { name } }),
    });
    expect(res.status).toBe(201);
    const { application_credential: cred } = (await res.json()) as { application_credential: { id: string; secret: string } };

    const byId = sessionFor({ auth_type: 'v3applicationcredential', application_credential_id: cred.id, application_credential_secret: cred.secret });
    const state = await byId.auth();
    expect(state.projectId).toBe(owner.projectId);
    expect(await byId.endpoint('compute')).toMatch(/\/v2\.1$/);
    const byName = sessionFor({
      auth_type: 'application_credential', application_credential_name: name, application_credential_secret: cred.secret,
      username: 'ceilometer', user_domain_id: 'default',
    });
    expect((await byName.auth()).userId).toBe(owner.userId);
    byId.close();
    byName.close();
  });

  it('reports a refused password as OpenStackAuthError (401), without the password and without unhandled rejections', async () => {
    const s = sessionFor({ ...ceilometer, password: 'not-the-Passw0rd' });
    const errors = await Promise.all([s.auth(), s.auth(), s.endpoint('compute')].map((p) => p.catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(OpenStackAuthError);
      expect(error).toMatchObject({ status: 401, code: 'CEILO_ERR_OPENSTACK_AUTH' });
      expect((error as Error).message).toContain(`Keystone at ${keystone.url} refused user ceilometer: HTTP 401`);
      expect((error as Error).message).not.toContain('not-the-Passw0rd');
    }
    const badApp = sessionFor({ auth_type: 'v3applicationcredential', application_credential_id: 'nope', application_credential_secret: 'x' });
    await expect(badApp.auth()).rejects.toBeInstanceOf(OpenStackAuthError);
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
    s.close();
    badApp.close();
  });
});
