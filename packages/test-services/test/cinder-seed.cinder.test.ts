import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStackServiceUnavailable, startCinder, type CinderService } from '../src/index.js';

// scripts/services/start-cinder.sh + the seed helpers: what the volume.* pollsters read
// (GET .../{volumes,snapshots,backups}/detail?all_tenants=1).
const unavailable = openStackServiceUnavailable('cinder');

describe.skipIf(unavailable !== undefined)('startCinder (real Cinder API 21, no volume service)', () => {
  let cinder: CinderService;
  beforeAll(async () => {
    cinder = await startCinder();
  }, 180_000);
  afterAll(async () => {
    await cinder?.stop();
  });

  it('creates volumes, snapshots and backups that the detail listings show with size and status', async () => {
    const project = await cinder.adminProjectId();
    const volumes = await cinder.createVolumes(3, { size: 2 });
    const snapshots = await cinder.createSnapshots(volumes.slice(0, 2).map((v) => v.id));
    const backups = await cinder.createBackups([volumes[2]!.id], { status: 'error' });
    expect(snapshots.map((s) => s.size)).toEqual([2, 2]);

    const list = async (kind: string): Promise<Map<string, { size: number; status: string }>> => {
      const res = await cinder.request('GET', `/v3/${project}/${kind}/detail?all_tenants=1`);
      return new Map((res.body as Record<string, { id: string; size: number; status: string }[]>)[kind]!.map((r) => [r.id, r]));
    };
    const [vols, snaps, baks] = [await list('volumes'), await list('snapshots'), await list('backups')];
    for (const v of volumes) expect(vols.get(v.id)).toMatchObject({ size: 2, status: 'available' });
    for (const s of snapshots) expect(snaps.get(s.id)).toMatchObject({ size: 2, status: 'available' });
    expect(baks.get(backups[0]!.id)).toMatchObject({ size: 2, status: 'error' });
  });

  it('bulk: one volume through the API, the others cloned in the DB, all in the detail listing', async () => {
    const project = await cinder.adminProjectId();
    const volumes = await cinder.createVolumes(6, { size: 3, bulk: true });
    const res = await cinder.request('GET', `/v3/${project}/volumes/detail?all_tenants=1`);
    const byId = new Map((res.body as { volumes: { id: string; size: number; status: string }[] }).volumes.map((v) => [v.id, v]));
    for (const v of volumes) expect(byId.get(v.id)).toMatchObject({ size: 3, status: 'available' });
  });
});
