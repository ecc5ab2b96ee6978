import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { createOpenStackSession, GlanceApi, OpenStackHttpError, type OpenStackSession } from '../src/index.js';
import { credentialsConfig, json, startFakeCloud, type FakeCloud } from './fake-cloud.js';

let cloud: FakeCloud;
let s: OpenStackSession;

beforeEach(async () => {
  cloud = await startFakeCloud();
  s = createOpenStackSession(credentialsConfig(cloud), silentLogger, { retries: 0 })!;
});
afterEach(async () => {
  s.close();
  await cloud.close();
});

describe('GlanceApi', () => {
  it("follows Glance's `next` by its marker relative to the catalog URL (which has a path), limit 1000", async () => {
    // The catalog's image endpoint is <cloud>/image; Glance's next link is from the server root.
    cloud.on('/image/v2/images', (req, res) => {
      const marker = new URL(req.path, 'http://x').searchParams.get('marker');
      if (marker === null) return json(res, 200, { images: [{ id: 'i1' }, { id: 'i2' }], next: '/v2/images?marker=i2&limit=2' });
      if (marker === 'i2') return json(res, 200, { images: [{ id: 'i3' }], next: '/v2/images?marker=i3&limit=2' });
      return json(res, 200, { images: [] });
    });
    const images = await new GlanceApi(s).images();
    expect(images.map((i) => i['id'])).toEqual(['i1', 'i2', 'i3']);
    expect(cloud.requests.filter((r) => r.path.startsWith('/image/')).map((r) => r.path)).toEqual([
      '/image/v2/images?limit=1000',
      '/image/v2/images?limit=1000&marker=i2',
      '/image/v2/images?limit=1000&marker=i3',
    ]);
  });

  it('stops on a repeated marker', async () => {
    cloud.on('/image/v2/images', (_req, res) => json(res, 200, { images: [{ id: 'i1' }], next: '/v2/images?marker=i1' }));
    expect(await new GlanceApi(s, { pageSize: 1 }).images()).toHaveLength(2);
  });

  it('throws a typed error on a 500', async () => {
    cloud.on('/image/v2/images', (_req, res) => json(res, 500, { message: 'boom' }));
    await expect(new GlanceApi(s).images()).rejects.toBeInstanceOf(OpenStackHttpError);
  });
});
