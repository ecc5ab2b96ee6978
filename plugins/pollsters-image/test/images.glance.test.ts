/**
 * The `images` discovery and `image.size` against a real Glance behind a real Keystone (from
 * `@ceilometer-ts/test-services`: the run's shared ones, else private), as the `ceilometer`
 * service user: images the test creates (public with data, private, queued without data), paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlanceApi, sharedOpenStackSession } from '@ceilometer-ts/openstack-client';
import { fakePluginContext, fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import type { PluginContext } from '@ceilometer-ts/sdk';
import { openStackServiceUnavailable, startGlance, type GlanceService, type SeededImage } from '@ceilometer-ts/test-services';
import { ImageSizePollster, ImagesDiscovery } from '../src/index.js';

const unavailable = openStackServiceUnavailable('glance');

describe.skipIf(unavailable !== undefined)('images + image.size against Glance', () => {
  let glance: GlanceService;
  let ctx: PluginContext;
  let adminProject: string;
  const created: SeededImage[] = [];

  beforeAll(async () => {
    glance = await startGlance();
    adminProject = (await glance.keystone.token()).projectId;
    created.push(...(await glance.createImages(3, { size: 2048, namePrefix: 'imgvol-pub' })));
    created.push(...(await glance.createImages(1, { size: 512, visibility: 'private', namePrefix: 'imgvol-priv' })));
    created.push(...(await glance.createImages(1, { size: 0, namePrefix: 'imgvol-queued' })));
    ctx = fakePluginContext({
      'service_credentials.auth_url': glance.keystone.url,
      'service_credentials.auth_type': 'password',
      'service_credentials.username': 'ceilometer',
      'service_credentials.password': glance.keystone.servicePassword,
      'service_credentials.user_domain_id': 'default',
      'service_credentials.project_name': 'service',
      'service_credentials.project_domain_id': 'default',
      'service_credentials.region_name': glance.keystone.region,
      'service_credentials.interface': 'public',
    });
  }, 180_000);
  afterAll(async () => {
    sharedOpenStackSession(ctx)?.close();
    await glance?.deleteImages(created.map((i) => i.id));
    await glance?.stop();
  }, 60_000);

  it('discovers every image created (private ones too: ceilometer is admin) and gives upstream-shaped image.size samples', async () => {
    const images = await new ImagesDiscovery(ctx).discover(fakePollCycle());
    const ids = new Set(images.map((i) => i.id));
    for (const image of created) expect(ids.has(image.id), image.name).toBe(true);
    const samples = await pollSamples(new ImageSizePollster(), images.filter((i) => created.some((c) => c.id === i.id)));
    expect(samples).toHaveLength(created.length);
    for (const image of created) {
      const sample = samples.find((s) => s.resource_id === image.id)!;
      expect(sample).toMatchObject({ name: 'image.size', type: 'gauge', unit: 'B', volume: image.size, user_id: null, project_id: adminProject });
      expect(Object.keys(sample.resource_metadata).sort()).toEqual(
        ['checksum', 'container_format', 'created_at', 'disk_format', 'is_protected', 'min_disk', 'min_ram', 'name', 'status', 'tags', 'updated_at', 'virtual_size', 'visibility'],
      );
      expect(sample.resource_metadata).toMatchObject({ name: image.name, status: image.size === null ? 'queued' : 'active', is_protected: false, disk_format: 'raw', container_format: 'bare' });
    }
    expect(samples.find((s) => s.resource_id === created[3]!.id)!.resource_metadata['visibility']).toBe('private');
  });

  it("follows Glance's pages (limit 2) to the same images", async () => {
    const session = sharedOpenStackSession(ctx)!;
    const all = await new GlanceApi(session).images();
    const paged = await new GlanceApi(session, { pageSize: 2 }).images();
    expect(paged.map((i) => i['id']).sort()).toEqual(all.map((i) => i['id']).sort());
    expect(all.length).toBeGreaterThanOrEqual(created.length);
  });
});
