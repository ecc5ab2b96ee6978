import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { createOpenStackSession, NovaApi, type OpenStackSession } from '../src/index.js';
import { credentialsConfig, json, startFakeCloud, type FakeCloud } from './fake-cloud.js';

let cloud: FakeCloud;
let s: OpenStackSession;
const flavorRef = (id: string) => ({ id, links: [{ rel: 'bookmark', href: `http://nova/flavors/${id}` }] });

beforeEach(async () => {
  cloud = await startFakeCloud();
  s = createOpenStackSession(credentialsConfig(cloud), silentLogger, { retries: 0 })!;
  cloud.on('/compute-internal/v2.1/flavors/f1', (_req, res) =>
    json(res, 200, { flavor: { id: 'f1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, 'OS-FLV-EXT-DATA:ephemeral': 2, swap: '' } }),
  );
  cloud.on('/compute-internal/v2.1/servers/detail', (_req, res) =>
    json(res, 200, { servers: [{ id: 's1', flavor: flavorRef('f1') }, { id: 's2', flavor: flavorRef('f1') }, { id: 's3', flavor: flavorRef('gone') }] }),
  );
});
afterEach(async () => {
  s.close();
  await cloud.close();
});

describe('NovaApi', () => {
  it('lists servers/detail for a host with all_tenants, changes-since and microversion 2.1, flavors filled in as upstream', async () => {
    const nova = new NovaApi(s);
    const servers = await nova.serversDetailForHost('node-1', '2026-12-04T10:00:00Z');
    const list = cloud.requests.find((r) => r.path.includes('servers/detail'))!;
    expect(list.path).toBe('/compute-internal/v2.1/servers/detail?all_tenants=True&host=node-1&changes-since=2026-12-04T10%3A00%3A00Z');
    expect(list.headers['x-openstack-nova-api-version']).toBe('2.1');
    expect(servers.map((x) => x['flavor'])).toEqual([
      { ...flavorRef('f1'), name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 2 },
      { ...flavorRef('f1'), name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 2 },
      { ...flavorRef('gone'), name: 'unknown-id-gone', vcpus: 0, ram: 0, disk: 0, ephemeral: 0 },
    ]);
    // one lookup per distinct flavor
    expect(cloud.requests.filter((r) => r.path.includes('/flavors/')).map((r) => r.path)).toEqual([
      '/compute-internal/v2.1/flavors/f1',
      '/compute-internal/v2.1/flavors/gone',
    ]);
  });

  it('leaves changes-since out when null', async () => {
    await new NovaApi(s).serversDetailForHost('node-1', null);
    expect(cloud.requests.find((r) => r.path.includes('servers/detail'))!.path).toBe('/compute-internal/v2.1/servers/detail?all_tenants=True&host=node-1');
  });

  it('finds a flavor id by name from one cached listing, misses included', async () => {
    cloud.on('/compute-internal/v2.1/flavors?', (_req, res) => json(res, 200, { flavors: [{ id: 'f1', name: 'm1.tiny' }, { id: 'f2', name: 'm1.small' }] }));
    const nova = new NovaApi(s);
    expect(await nova.flavorIdByName('m1.small')).toBe('f2');
    expect(await nova.flavorIdByName('m1.tiny')).toBe('f1');
    expect(await nova.flavorIdByName('nope')).toBeNull();
    expect(await nova.flavorIdByName('nope')).toBeNull();
    expect(cloud.requests.filter((r) => r.path.startsWith('/compute-internal/v2.1/flavors?')).map((r) => r.path)).toEqual([
      '/compute-internal/v2.1/flavors?is_public=None',
      '/compute-internal/v2.1/flavors?is_public=None',
    ]);
  });

  it('returns null for a server Nova does not know', async () => {
    cloud.on('/compute-internal/v2.1/servers/s1', (_req, res) => json(res, 200, { server: { id: 's1' } }));
    const nova = new NovaApi(s);
    expect(await nova.server('s1')).toEqual({ id: 's1' });
    expect(await nova.server('nope')).toBeNull();
  });
});
