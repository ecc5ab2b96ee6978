import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { CinderApi, createOpenStackSession, type OpenStackSession } from '../src/index.js';
import { credentialsConfig, json, startFakeCloud, type FakeCloud } from './fake-cloud.js';

let cloud: FakeCloud;
let s: OpenStackSession;
const V = '/volume/v3/p-service';

beforeEach(async () => {
  cloud = await startFakeCloud();
  cloud.extraCatalog.push({ type: 'volumev3', name: 'cinderv3', endpoints: [{ interface: 'internal', region_id: 'RegionOne', region: 'RegionOne', url: `${cloud.url}${V}` }] });
  s = createOpenStackSession(credentialsConfig(cloud), silentLogger, { retries: 0 })!;
});
afterEach(async () => {
  s.close();
  await cloud.close();
});

describe('CinderApi', () => {
  it('lists volumes of every project with microversion 3.64, following volumes_links', async () => {
    cloud.on(`${V}/volumes/detail`, (req, res) => {
      if (req.path.includes('marker=v2')) return json(res, 200, { volumes: [{ id: 'v3' }] });
      return json(res, 200, { volumes: [{ id: 'v1' }, { id: 'v2' }], volumes_links: [{ rel: 'next', href: `${cloud.url}${V}/volumes/detail?all_tenants=True&marker=v2` }] });
    });
    const volumes = await new CinderApi(s).volumes();
    expect(volumes.map((v) => v['id'])).toEqual(['v1', 'v2', 'v3']);
    const calls = cloud.requests.filter((r) => r.path.startsWith(V));
    expect(calls.map((r) => r.path)).toEqual([`${V}/volumes/detail?all_tenants=True`, `${V}/volumes/detail?all_tenants=True&marker=v2`]);
    expect(calls.every((r) => r.headers['openstack-api-version'] === 'volume 3.64')).toBe(true);
  });

  it('lists snapshots, backups and services', async () => {
    cloud.on(`${V}/snapshots/detail`, (_req, res) => json(res, 200, { snapshots: [{ id: 's1' }] }));
    cloud.on(`${V}/backups/detail`, (_req, res) => json(res, 200, { backups: [{ id: 'b1' }] }));
    cloud.on(`${V}/os-services`, (_req, res) => json(res, 200, { services: [{ binary: 'cinder-volume', host: 'h@lvm' }] }));
    const cinder = new CinderApi(s);
    expect(await cinder.snapshots()).toEqual([{ id: 's1' }]);
    expect(await cinder.backups()).toEqual([{ id: 'b1' }]);
    expect(await cinder.services()).toEqual([{ binary: 'cinder-volume', host: 'h@lvm' }]);
    expect(cloud.requests.filter((r) => r.path.startsWith(V)).map((r) => r.path)).toEqual([
      `${V}/snapshots/detail?all_tenants=True`, `${V}/backups/detail?all_tenants=True`, `${V}/os-services`,
    ]);
  });

  it('lifts detailed pools\' capabilities to the pool, as cinderclient', async () => {
    cloud.on(`${V}/scheduler-stats/get_pools`, (_req, res) =>
      json(res, 200, { pools: [{ name: 'h@lvm#pool', capabilities: { pool_name: 'pool', total_capacity_gb: 100 } }, { name: 'bare' }] }),
    );
    expect(await new CinderApi(s).pools()).toEqual([{ name: 'h@lvm#pool', pool_name: 'pool', total_capacity_gb: 100 }, { name: 'bare' }]);
    expect(cloud.requests.find((r) => r.path.startsWith(V))!.path).toBe(`${V}/scheduler-stats/get_pools?detail=True`);
  });
});
