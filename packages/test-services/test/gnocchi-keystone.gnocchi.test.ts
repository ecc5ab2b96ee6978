import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gnocchiUnavailable, startGnocchi, startKeystone, type GnocchiService, type KeystoneService } from '../src/index.js';

const unavailable = gnocchiUnavailable();

describe.skipIf(unavailable !== undefined)('startGnocchi({ keystone }) (keystonemiddleware)', () => {
  let keystone: KeystoneService;
  let gnocchi: GnocchiService;

  beforeAll(async () => {
    keystone = await startKeystone();
    gnocchi = await startGnocchi({ keystone });
  }, 240_000);
  afterAll(async () => {
    await gnocchi?.stop();
    await keystone?.stop();
  });

  it('registers the metric endpoint in the catalog and accepts service tokens only', async () => {
    const { token } = await keystone.token('ceilometer', keystone.servicePassword, 'service');
    const catalog = (await (await fetch(`${keystone.url}/auth/catalog`, { headers: { 'x-auth-token': token } })).json()) as {
      catalog: { type: string; endpoints: { interface: string; url: string }[] }[];
    };
    const metric = catalog.catalog.find((s) => s.type === 'metric');
    expect(metric?.endpoints.map((e) => [e.interface, e.url]).sort()).toEqual(
      ['admin', 'internal', 'public'].map((i) => [i, gnocchi.url]),
    );

    expect((await fetch(`${gnocchi.url}/v1/resource/generic`)).status).toBe(401);
    const listed = await fetch(`${gnocchi.url}/v1/resource/generic`, { headers: { 'x-auth-token': token, accept: 'application/json' } });
    expect(listed.status).toBe(200);
    // the admin token of the helper: archive policies need the admin role
    expect((await gnocchi.request('GET', '/v1/archive_policy')).status).toBe(200);
  });
});
