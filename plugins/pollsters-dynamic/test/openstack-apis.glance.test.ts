/**
 * Dynamic pollsters against a real Glance and Cinder behind Keystone (scripts/services/
 * start-glance.sh, start-cinder.sh): the `[service_credentials]` session, catalog endpoints by
 * `endpoint_type`, Glance's `next` paging and Cinder's `volumes_links` paging through operations,
 * a multi-field metadata set, on objects the test creates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import type { PluginContext } from '@ceilometer-ts/sdk';
import { openStackServiceUnavailable, startCinder, startGlance, type CinderService, type GlanceService, type SeededImage } from '@ceilometer-ts/test-services';
import { createOpenStackSession } from '@ceilometer-ts/openstack-client';
import { build, capturingLogger, definitionsDir, poll } from './helpers.js';

const unavailable = openStackServiceUnavailable('glance') ?? openStackServiceUnavailable('cinder');

describe.skipIf(unavailable !== undefined)('dynamic pollsters against Glance and Cinder', () => {
  let glance: GlanceService;
  let cinder: CinderService;
  let images: SeededImage[] = [];
  let volumeIds: string[] = [];
  beforeAll(async () => {
    glance = await startGlance();
    cinder = await startCinder({ keystone: glance.keystone.shared ? undefined : glance.keystone });
    images = await glance.createImages(5, { size: 2048, namePrefix: 'dynpoll-img' });
    volumeIds = (await cinder.createVolumes(3, { size: 1, namePrefix: 'dynpoll-vol' })).map((v) => v.id);
  }, 300_000);
  afterAll(async () => {
    await glance?.deleteImages(images.map((i) => i.id)).catch(() => undefined);
    await cinder?.stop();
    await glance?.stop();
  });

  function ctx(dir: string): PluginContext {
    const k = glance.keystone;
    return {
      ...fakePluginContext({
        'polling.pollsters_definitions_dirs': [dir],
        'service_credentials.auth_type': 'password',
        'service_credentials.auth_url': k.url,
        'service_credentials.region_name': k.region,
        'service_credentials.username': 'ceilometer',
        'service_credentials.password': k.servicePassword,
        'service_credentials.user_domain_id': 'default',
        'service_credentials.project_name': 'service',
        'service_credentials.project_domain_id': 'default',
        'service_credentials.interface': 'internalURL',
      }),
      logger: capturingLogger(),
    };
  }

  it('image sizes over every page of Glance, and volume sizes over every page of Cinder', async () => {
    const dir = await definitionsDir({
      'glance-cinder.yaml': `
- name: dynamic.image.size
  sample_type: gauge
  unit: B
  value_attribute: size
  endpoint_type: image
  url_path: v2/images?limit=2
  response_entries_key: images
  next_sample_url_attribute: next
  project_id_attribute: owner
  user_id_attribute: ". | None"
  metadata_fields: [name, status, disk_format, container_format]
- name: dynamic.volume.size
  sample_type: gauge
  unit: GB
  value_attribute: size
  endpoint_type: volumev3
  url_path: volumes/detail?all_tenants=1&limit=2
  response_entries_key: volumes
  next_sample_url_attribute: "volumes_links | filter(lambda v: v.get('rel') == 'next', value) | list(value) | value[0] | value.get('href')"
  project_id_attribute: "os-vol-tenant-attr:tenant_id"
  metadata_fields: [name, status, volume_type]
`,
    });
    const context = ctx(dir);
    const built = await build(context);
    const session = createOpenStackSession(context.config, context.logger)!;
    const [imageEndpoint, volumeEndpoint] = [await session.endpoint('image'), await session.endpoint('volumev3')];
    session.close();

    const imageSamples = await poll(built, 'dynamic.image.size', [imageEndpoint]);
    for (const image of images) {
      const sample = imageSamples.find((s) => s.resource_id === image.id);
      expect(sample, image.name).toMatchObject({ volume: 2048, unit: 'B', type: 'gauge', resource_metadata: { name: image.name, status: 'active', disk_format: 'raw' } });
    }
    const volumeSamples = await poll(built, 'dynamic.volume.size', [volumeEndpoint]);
    for (const id of volumeIds) expect(volumeSamples.find((s) => s.resource_id === id), id).toMatchObject({ volume: 1, unit: 'GB' });
  }, 120_000);
});
