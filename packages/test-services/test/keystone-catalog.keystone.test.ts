import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStackServiceUnavailable, removeCatalogService, setCatalogEndpoint, startKeystone, type KeystoneService } from '../src/index.js';

// The catalog edits the "service missing from the catalog" and "a 500 from one service" tests use.
const unavailable = openStackServiceUnavailable('glance');

describe.skipIf(unavailable !== undefined)('setCatalogEndpoint / removeCatalogService', () => {
  let keystone: KeystoneService;
  beforeAll(async () => {
    keystone = await startKeystone({ private: true });
  }, 180_000);
  afterAll(async () => {
    await keystone?.stop();
  });

  const catalog = async (): Promise<{ type: string; endpoints: { url: string }[] }[]> => {
    const { token } = await keystone.token('ceilometer', keystone.servicePassword, 'service');
    const res = await fetch(`${keystone.url}/auth/catalog`, { headers: { 'x-auth-token': token } });
    return ((await res.json()) as { catalog: { type: string; endpoints: { url: string }[] }[] }).catalog;
  };

  it('re-points a service type and removes one', async () => {
    await setCatalogEndpoint(keystone, 'image', 'glance', 'http://127.0.0.1:9/broken');
    expect((await catalog()).find((s) => s.type === 'image')?.endpoints.map((e) => e.url)).toEqual(['http://127.0.0.1:9/broken', 'http://127.0.0.1:9/broken', 'http://127.0.0.1:9/broken']);
    await removeCatalogService(keystone, 'network');
    const types = (await catalog()).map((s) => s.type);
    expect(types).not.toContain('network');
    expect(types).toContain('volumev3');
  });

  it('refuses to change the shared Keystone', async () => {
    await expect(removeCatalogService({ ...keystone, shared: true }, 'image')).rejects.toThrow(/shared Keystone/);
  });
});
