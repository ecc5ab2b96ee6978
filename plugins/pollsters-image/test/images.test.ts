/**
 * The `images` discovery and `image.size` against a fake Glance (the fake cloud of
 * openstack-client's tests): paging, upstream's sample fields, Glance missing from the catalog,
 * a 500, no credentials.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenStackHttpError } from '@ceilometer-ts/openstack-client';
import { silentLogger, type Logger, type PluginContext } from '@ceilometer-ts/sdk';
import { fakePluginContext, fakePollCycle, pollSamples } from '@ceilometer-ts/sdk/testing';
import { ImageSizePollster, ImagesDiscovery } from '../src/index.js';
import { json, startFakeCloud, type FakeCloud } from '../../../packages/openstack-client/test/fake-cloud.js';

const IMAGE = {
  id: '5b8c2f64-9a8e-4c1e-9a57-0d0c7e1b0f01', name: 'cirros', status: 'active', visibility: 'public', protected: false,
  container_format: 'bare', disk_format: 'qcow2', created_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:05Z',
  min_disk: 1, min_ram: 64, checksum: 'ee1eca47dc88f4879d8a229cc70a07c6', tags: ['t1'], size: 13_287_936, virtual_size: null,
  owner: 'b6f1c6a4d1c24a3b9c7e0a51f3a5f0aa', os_hash_algo: 'sha512', self: '/v2/images/x', schema: '/v2/schemas/image',
};

let cloud: FakeCloud;
let warnings: string[];

function recordingLogger(): Logger {
  const log = (sink: string[] | null) => (a: unknown, b?: unknown) => sink?.push(String(typeof a === 'string' ? a : b));
  const logger: Logger = { ...silentLogger, warn: log(warnings), error: log(warnings), child: () => logger };
  return logger;
}

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
  return { ...base, logger: recordingLogger() };
}

beforeEach(async () => {
  warnings = [];
  cloud = await startFakeCloud();
});
afterEach(async () => {
  await cloud.close();
});

describe('images discovery + image.size', () => {
  it('lists every page of Glance and gives one image.size per image, with upstream master fields', async () => {
    cloud.on('/image/v2/images', (req, res) =>
      req.path.includes('marker=')
        ? json(res, 200, { images: [{ ...IMAGE, id: 'second', size: 10, owner: 'p2' }] })
        : json(res, 200, { images: [IMAGE], next: `/v2/images?marker=${IMAGE.id}` }),
    );
    const discovery = new ImagesDiscovery(context());
    expect(discovery.groupId).toBe('global');
    const images = await discovery.discover(fakePollCycle());
    expect(images.map((i) => i.id)).toEqual([IMAGE.id, 'second']);
    const samples = await pollSamples(new ImageSizePollster(), images);
    expect(samples).toHaveLength(2);
    expect(samples[0]).toMatchObject({
      name: 'image.size', type: 'gauge', unit: 'B', volume: 13_287_936, user_id: null, project_id: IMAGE.owner, resource_id: IMAGE.id,
      timestamp: '2026-01-01T00:00:00.000000',
    });
    expect(samples[0]!.resource_metadata).toEqual({
      status: 'active', visibility: 'public', name: 'cirros', container_format: 'bare', created_at: '2026-12-01T10:00:00Z', disk_format: 'qcow2',
      updated_at: '2026-12-01T10:00:05Z', min_disk: 1, is_protected: false, checksum: IMAGE.checksum, min_ram: 64, tags: ['t1'], virtual_size: null,
    });
    expect(samples[1]).toMatchObject({ volume: 10, project_id: 'p2', resource_id: 'second' });
    expect(new ImageSizePollster().defaultDiscovery).toBe('images');
  });

  it('a token that expires between cycles is renewed by the shared session (one session for every discovery)', async () => {
    cloud.on('/image/v2/images', (_req, res) => json(res, 200, { images: [IMAGE] }));
    cloud.tokenTtlMs = 60_500; // the session renews 60 s before expiry: valid for 0.5 s
    const ctx = context();
    const discovery = new ImagesDiscovery(ctx);
    expect(await discovery.discover(fakePollCycle())).toHaveLength(1);
    expect(await new ImagesDiscovery(ctx).discover(fakePollCycle())).toHaveLength(1);
    expect(cloud.tokens).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await discovery.discover(fakePollCycle())).toHaveLength(1);
    expect(cloud.tokens).toBe(2);
  });

  it('an image without data (queued) has a null volume and null checksum', async () => {
    const { size: _size, checksum: _checksum, ...queued } = IMAGE;
    const [sample] = await pollSamples(new ImageSizePollster(), [{ ...queued, status: 'queued' }]);
    expect(sample).toMatchObject({ volume: null, resource_metadata: { checksum: null, status: 'queued' } });
  });

  it('Glance missing from the catalog: one warning over several cycles, nothing discovered', async () => {
    const discovery = new ImagesDiscovery(context({ 'service_types.glance': 'image-nope' }));
    expect(await discovery.discover(fakePollCycle())).toEqual([]);
    expect(await discovery.discover(fakePollCycle())).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/image-nope service is not registered in Keystone/);
    expect(cloud.requests.filter((r) => r.path.startsWith('/image'))).toHaveLength(0);
  });

  it('a 500 from Glance is a typed error for the agent to log (after retries)', async () => {
    cloud.on('/image/v2/images', (_req, res) => json(res, 500, { message: 'glance is down' }));
    await expect(new ImagesDiscovery(context({ 'service_credentials.timeout': 5 })).discover(fakePollCycle())).rejects.toBeInstanceOf(OpenStackHttpError);
  }, 20_000);

  it('no [service_credentials] auth_url: nothing discovered, no request', async () => {
    const ctx = { ...fakePluginContext({}), logger: recordingLogger() };
    expect(await new ImagesDiscovery(ctx).discover(fakePollCycle())).toEqual([]);
    expect(cloud.requests).toHaveLength(0);
  });
});
