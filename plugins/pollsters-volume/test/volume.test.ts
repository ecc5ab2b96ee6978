/**
 * The Cinder discoveries and pollsters against a fake Cinder (the fake cloud of openstack-client's
 * tests): upstream master's sample fields, paging, pool capacities, service health, Cinder missing
 * from the catalog.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { fakePluginContext, fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import {
  VolumeBackupsDiscovery, VolumeBackupSize, VolumeDiscovery, VolumePoolsDiscovery, VolumeProviderPoolCapacityAllocated,
  VolumeProviderPoolCapacityFree, VolumeProviderPoolCapacityProvisioned, VolumeProviderPoolCapacityTotal,
  VolumeProviderPoolCapacityVirtualFree, VolumeServiceHealthPollster, VolumeServicesDiscovery, VolumeSizePollster,
  VolumeSnapshotsDiscovery, VolumeSnapshotSize,
} from '../src/index.js';
import { json, startFakeCloud, type FakeCloud } from '../../../packages/openstack-client/test/fake-cloud.js';

const V = '/volume/v3/p-service';
const VOLUME = {
  id: 'a0c3b7a8-52f8-4a35-8a0c-6b1d2a9c0e01', name: 'vol-1', status: 'in-use', size: 2, user_id: 'u-1', 'os-vol-tenant-attr:tenant_id': 'p-1',
  volume_type: 'lvmdriver-1', volume_type_id: 't-1', availability_zone: 'nova', 'os-vol-host-attr:host': 'h@lvm#lvm', migration_status: null,
  attachments: [{ server_id: 'srv-1', attachment_id: 'att-1', device: '/dev/vdb' }], snapshot_id: null, source_volid: null,
  volume_image_metadata: { image_id: 'img-1', image_name: 'cirros' }, bootable: 'true', links: [],
};
const SNAPSHOT = {
  id: 's-1', name: 'snap-1', volume_id: VOLUME.id, status: 'available', description: null, metadata: { k: 'v' }, size: 2, user_id: 'u-2',
  'os-extended-snapshot-attributes:progress': '100%', 'os-extended-snapshot-attributes:project_id': 'p-2', created_at: '2026-12-01T10:00:00',
};
const BACKUP = {
  id: 'b-1', name: 'backup-1', is_incremental: false, object_count: 0, container: null, volume_id: VOLUME.id, status: 'creating',
  description: null, size: 2, user_id: 'u-3', 'os-backup-project-attr:project_id': 'p-3',
};
const POOL = {
  name: 'h@lvm#lvm',
  capabilities: {
    pool_name: 'lvm', total_capacity_gb: 100.0, free_capacity_gb: 60.5, allocated_capacity_gb: 30, provisioned_capacity_gb: 40,
    reserved_percentage: 5, thin_provisioning_support: true, max_over_subscription_ratio: '20.0',
  },
};

let cloud: FakeCloud;
let warnings: string[];

function context(extra: Record<string, unknown> = {}): PluginContext {
  const base = fakePluginContext({
    'service_credentials.auth_url': cloud.authUrl,
    'service_credentials.username': 'ceilometer',
    'service_credentials.password': 'secret',
    'service_credentials.user_domain_id': 'default',
    'service_credentials.project_name': 'service',
    'service_credentials.project_domain_id': 'default',
    'service_credentials.interface': 'internalURL',
    'service_credentials.region_name': 'RegionOne',
    ...extra,
  });
  const log = (a: unknown, b?: unknown) => warnings.push(String(typeof a === 'string' ? a : b));
  const logger: Logger = { ...silentLogger, warn: log, error: log, child: () => logger };
  return { ...base, logger };
}

beforeEach(async () => {
  warnings = [];
  cloud = await startFakeCloud();
  cloud.extraCatalog.push({ type: 'volumev3', name: 'cinderv3', endpoints: [{ interface: 'internal', region_id: 'RegionOne', region: 'RegionOne', url: `${cloud.url}${V}` }] });
});
afterEach(async () => {
  await cloud.close();
});

describe('volumes, volume_snapshots, volume_backups', () => {
  it('volume.size: every page, GiB, user, tenant attribute as project, image_id and instance_id', async () => {
    cloud.on(`${V}/volumes/detail`, (req, res) =>
      req.path.includes('marker=')
        ? json(res, 200, { volumes: [{ id: 'v-2', size: 1, attachments: [], volume_image_metadata: {} }] })
        : json(res, 200, { volumes: [VOLUME], volumes_links: [{ rel: 'next', href: `${cloud.url}${V}/volumes/detail?all_tenants=True&marker=${VOLUME.id}` }] }),
    );
    const volumes = await new VolumeDiscovery(context()).discover(fakePollCycle());
    expect(volumes.map((v) => v.id)).toEqual([VOLUME.id, 'v-2']);
    const samples = await pollSamples(new VolumeSizePollster(), volumes);
    expect(samples[0]).toMatchObject({ name: 'volume.size', type: 'gauge', unit: 'GiB', volume: 2, user_id: 'u-1', project_id: 'p-1', resource_id: VOLUME.id });
    expect(samples[0]!.resource_metadata).toEqual({
      name: 'vol-1', status: 'in-use', volume_type: 'lvmdriver-1', volume_type_id: 't-1', availability_zone: 'nova', 'os-vol-host-attr:host': 'h@lvm#lvm',
      migration_status: null, attachments: VOLUME.attachments, snapshot_id: null, source_volid: null, image_id: 'img-1', instance_id: 'srv-1',
    });
    expect(samples[1]).toMatchObject({ volume: 1, user_id: null, project_id: null, resource_metadata: { image_id: null, instance_id: null, name: null } });
  });

  it('volume.snapshot.size and volume.backup.size', async () => {
    cloud.on(`${V}/snapshots/detail`, (_req, res) => json(res, 200, { snapshots: [SNAPSHOT] }));
    cloud.on(`${V}/backups/detail`, (_req, res) => json(res, 200, { backups: [BACKUP] }));
    const [snap] = await pollSamples(new VolumeSnapshotSize(), await new VolumeSnapshotsDiscovery(context()).discover(fakePollCycle()));
    expect(snap).toMatchObject({ name: 'volume.snapshot.size', type: 'gauge', unit: 'GiB', volume: 2, user_id: 'u-2', project_id: 'p-2', resource_id: 's-1' });
    expect(snap!.resource_metadata).toEqual({
      name: 'snap-1', volume_id: VOLUME.id, status: 'available', description: null, metadata: { k: 'v' }, 'os-extended-snapshot-attributes:progress': '100%',
    });
    const [backup] = await pollSamples(new VolumeBackupSize(), await new VolumeBackupsDiscovery(context()).discover(fakePollCycle()));
    expect(backup).toMatchObject({ name: 'volume.backup.size', type: 'gauge', unit: 'GiB', volume: 2, user_id: 'u-3', project_id: 'p-3', resource_id: 'b-1' });
    expect(backup!.resource_metadata).toEqual({
      name: 'backup-1', is_incremental: false, object_count: 0, container: null, volume_id: VOLUME.id, status: 'creating', description: null,
    });
    expect([new VolumeSizePollster(), new VolumeSnapshotSize(), new VolumeBackupSize()].map((p) => p.defaultDiscovery)).toEqual(['volumes', 'volume_snapshots', 'volume_backups']);
  });

  it('Cinder missing from the catalog: one warning over several cycles, nothing discovered', async () => {
    cloud.extraCatalog.length = 0;
    const ctx = context();
    const discovery = new VolumeDiscovery(ctx);
    expect(await discovery.discover(fakePollCycle())).toEqual([]);
    expect(await discovery.discover(fakePollCycle())).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/volumev3 service is not registered in Keystone/)]);
    expect(cloud.requests.filter((r) => r.path.startsWith('/volume'))).toHaveLength(0);
  });
});

describe('volume_pools', () => {
  async function poolSamples(pools: unknown[]) {
    cloud.on(`${V}/scheduler-stats/get_pools`, (_req, res) => json(res, 200, { pools }));
    const ctx = context();
    const found = await new VolumePoolsDiscovery(ctx).discover(fakePollCycle());
    const all = [];
    for (const P of [VolumeProviderPoolCapacityTotal, VolumeProviderPoolCapacityFree, VolumeProviderPoolCapacityAllocated, VolumeProviderPoolCapacityProvisioned, VolumeProviderPoolCapacityVirtualFree]) {
      all.push(...(await pollSamples(new P(ctx), found)));
    }
    return all;
  }

  it('gives the five capacities in GiB, resource the pool name, metadata pool_name; virtual_free as upstream', async () => {
    const samples = await poolSamples([POOL]);
    expect(samples.map((s) => [s.name, s.volume])).toEqual([
      ['volume.provider.pool.capacity.total', 100],
      ['volume.provider.pool.capacity.free', 60.5],
      ['volume.provider.pool.capacity.allocated', 30],
      ['volume.provider.pool.capacity.provisioned', 40],
      // 20 × (100 − ⌊0.05 × 100⌋) − 40
      ['volume.provider.pool.capacity.virtual_free', 1860],
    ]);
    for (const s of samples) expect(s).toMatchObject({ type: 'gauge', unit: 'GiB', user_id: null, project_id: null, resource_id: 'h@lvm#lvm', resource_metadata: { pool_name: 'lvm' } });
  });

  it('no provisioned capacity: no provisioned or virtual_free; thick pools use ratio 1; "infinite" said once, no sample', async () => {
    const thick = { name: 'h@nfs#nfs', capabilities: { ...POOL.capabilities, pool_name: 'nfs', thin_provisioning_support: false, reserved_percentage: 0 } };
    const none = { name: 'h@ceph#rbd', capabilities: { pool_name: 'rbd', total_capacity_gb: 'infinite', free_capacity_gb: 'infinite', allocated_capacity_gb: 0, provisioned_capacity_gb: 0 } };
    const samples = await poolSamples([thick, none]);
    expect(samples.map((s) => [s.name, s.resource_id, s.volume])).toEqual([
      ['volume.provider.pool.capacity.total', 'h@nfs#nfs', 100],
      ['volume.provider.pool.capacity.free', 'h@nfs#nfs', 60.5],
      ['volume.provider.pool.capacity.allocated', 'h@nfs#nfs', 30],
      ['volume.provider.pool.capacity.allocated', 'h@ceph#rbd', 0],
      ['volume.provider.pool.capacity.provisioned', 'h@nfs#nfs', 40],
      ['volume.provider.pool.capacity.virtual_free', 'h@nfs#nfs', 60],
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/capacity\.total: pool h@ceph#rbd reports total_capacity_gb infinite/);
  });
});

describe('volume_services', () => {
  it('volume.service.health: up 1, down 0, resource binary@host; an unknown state fails that service alone', async () => {
    cloud.on(`${V}/os-services`, (_req, res) =>
      json(res, 200, {
        services: [
          { binary: 'cinder-scheduler', host: 'ctl', zone: 'nova', status: 'enabled', state: 'up', updated_at: null },
          { binary: 'cinder-volume', host: 'ctl@lvm', zone: 'nova', status: 'disabled', state: 'DOWN' },
          { binary: 'cinder-backup', host: 'ctl', zone: 'nova', status: 'enabled', state: 'weird' },
        ],
      }),
    );
    const ctx = context();
    const services = await new VolumeServicesDiscovery(ctx).discover(fakePollCycle());
    const failures: unknown[] = [];
    const cycle: PollCycle = fakePollCycle({ reportResourceFailure: (r, e) => failures.push([(r as { id: string }).id, (e as Error).message]) });
    const samples = await pollSamples(new VolumeServiceHealthPollster(ctx), services, cycle);
    expect(samples.map((s) => [s.resource_id, s.volume, s.unit, s.type])).toEqual([
      ['cinder-scheduler@ctl', 1, 'health', 'gauge'],
      ['cinder-volume@ctl@lvm', 0, 'health', 'gauge'],
    ]);
    expect(samples[1]!.resource_metadata).toEqual({ binary: 'cinder-volume', host: 'ctl@lvm', zone: 'nova', status: 'disabled' });
    expect(failures).toEqual([['cinder-backup@ctl', "Unknown service state 'weird' for cinder-backup@ctl"]]);
  });
});
