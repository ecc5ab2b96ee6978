/**
 * The Cinder discoveries and pollsters against a real Cinder API behind a real Keystone (from
 * `@ceilometer-ts/test-services`: the run's shared ones, else private), as the `ceilometer` service
 * user: volumes, snapshots and backups the test creates (every project's). Pools and services
 * cannot be asked of this Cinder: `scheduler-stats/get_pools` and, from microversion 3.49,
 * `os-services` (its `backend_state`) are RPCs to a scheduler, and there is none (HTTP 500 after
 * the RPC timeout); the fake Cinder of `volume.test.ts` covers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { fakePluginContext, fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import type { PluginContext } from '@ceilometer-ts/sdk';
import { openStackServiceUnavailable, startCinder, type CinderService, type SeededVolumeRecord } from '@ceilometer-ts/test-services';
import {
  VolumeBackupsDiscovery, VolumeBackupSize, VolumeDiscovery, VolumeSizePollster, VolumeSnapshotsDiscovery, VolumeSnapshotSize,
} from '../src/index.js';

const unavailable = openStackServiceUnavailable('cinder');

describe.skipIf(unavailable !== undefined)('Cinder discoveries and pollsters against Cinder', () => {
  let cinder: CinderService;
  let ctx: PluginContext;
  let admin: { userId: string; projectId: string };
  let volumes: SeededVolumeRecord[];
  let snapshots: SeededVolumeRecord[];
  let backups: SeededVolumeRecord[];

  beforeAll(async () => {
    cinder = await startCinder();
    admin = await cinder.keystone.token();
    volumes = await cinder.createVolumes(3, { size: 2, namePrefix: 'imgvol-vol' });
    snapshots = await cinder.createSnapshots([volumes[0]!.id], { namePrefix: 'imgvol-snap' });
    backups = await cinder.createBackups([volumes[1]!.id], { namePrefix: 'imgvol-backup' });
    ctx = fakePluginContext({
      'service_credentials.auth_url': cinder.keystone.url,
      'service_credentials.auth_type': 'password',
      'service_credentials.username': 'ceilometer',
      'service_credentials.password': cinder.keystone.servicePassword,
      'service_credentials.user_domain_id': 'default',
      'service_credentials.project_name': 'service',
      'service_credentials.project_domain_id': 'default',
      'service_credentials.region_name': cinder.keystone.region,
      'service_credentials.interface': 'public',
    });
  }, 180_000);
  afterAll(async () => {
    sharedOpenStackSession(ctx)?.close();
    await cinder?.stop();
  }, 60_000);

  it('volume.size for every volume of the admin project, seen from the service project', async () => {
    const found = await new VolumeDiscovery(ctx).discover(fakePollCycle());
    const samples = await pollSamples(new VolumeSizePollster(), found.filter((v) => volumes.some((c) => c.id === v.id)));
    expect(samples).toHaveLength(volumes.length);
    for (const volume of volumes) {
      const sample = samples.find((s) => s.resource_id === volume.id)!;
      expect(sample).toMatchObject({ name: 'volume.size', type: 'gauge', unit: 'GiB', volume: 2, user_id: admin.userId, project_id: admin.projectId });
      expect(sample.resource_metadata).toMatchObject({ name: volume.name, image_id: null, instance_id: null, attachments: [] });
      expect(Object.keys(sample.resource_metadata)).toContain('volume_type_id');
    }
  });

  it('volume.snapshot.size and volume.backup.size with user and project (microversion 3.64)', async () => {
    const snaps = await pollSamples(new VolumeSnapshotSize(), await new VolumeSnapshotsDiscovery(ctx).discover(fakePollCycle()));
    const snap = snaps.find((s) => s.resource_id === snapshots[0]!.id)!;
    expect(snap).toMatchObject({ name: 'volume.snapshot.size', type: 'gauge', unit: 'GiB', volume: 2, user_id: admin.userId, project_id: admin.projectId });
    expect(snap.resource_metadata).toMatchObject({ name: snapshots[0]!.name, volume_id: volumes[0]!.id, status: 'available' });
    const backs = await pollSamples(new VolumeBackupSize(), await new VolumeBackupsDiscovery(ctx).discover(fakePollCycle()));
    const backup = backs.find((s) => s.resource_id === backups[0]!.id)!;
    expect(backup).toMatchObject({ name: 'volume.backup.size', type: 'gauge', unit: 'GiB', volume: 2, user_id: admin.userId, project_id: admin.projectId });
    expect(backup.resource_metadata).toMatchObject({ name: backups[0]!.name, volume_id: volumes[1]!.id });
  });
});
