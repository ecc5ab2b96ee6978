import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStackServiceUnavailable, startGlance, type GlanceService } from '../src/index.js';

// scripts/services/start-glance.sh + the seed helper: what the image.size pollster reads.
const unavailable = openStackServiceUnavailable('glance');

describe.skipIf(unavailable !== undefined)('startGlance (real Glance 25)', () => {
  let glance: GlanceService;
  beforeAll(async () => {
    glance = await startGlance();
  }, 180_000);
  afterAll(async () => {
    await glance?.stop();
  });

  it('is in the catalog on its port and lists the images the seed helper created, with their sizes', async () => {
    const { token } = await glance.keystone.token('ceilometer', glance.keystone.servicePassword, 'service');
    const auth = await fetch(`${glance.keystone.url}/auth/tokens`, { headers: { 'x-auth-token': token, 'x-subject-token': token } });
    const catalog = ((await auth.json()) as { token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } }).token.catalog;
    expect(catalog.find((s) => s.type === 'image')?.endpoints.map((e) => e.url)).toEqual([glance.url, glance.url, glance.url]);

    const images = await glance.createImages(3, { size: 2048 });
    const queued = await glance.createImages(1, { size: 0, visibility: 'private' });
    const listed = await glance.request('GET', '/v2/images?limit=1000');
    const byId = new Map((listed.body as { images: { id: string; size: number | null; status: string }[] }).images.map((i) => [i.id, i]));
    for (const image of images) expect(byId.get(image.id)).toMatchObject({ size: 2048, status: 'active' });
    expect(byId.get(queued[0]!.id)).toMatchObject({ size: null, status: 'queued' });

    await glance.deleteImages([...images, ...queued].map((i) => i.id));
    const after = await glance.request('GET', '/v2/images?limit=1000');
    const left = new Set((after.body as { images: { id: string }[] }).images.map((i) => i.id));
    expect(images.some((i) => left.has(i.id))).toBe(false);
  });

  it('bulk: one image through the API, the others cloned in the DB, all listed as active with the size', async () => {
    const images = await glance.createImages(5, { size: 512, bulk: true });
    expect(new Set(images.map((i) => i.id)).size).toBe(5);
    const listed = await glance.request('GET', '/v2/images?limit=1000');
    const byId = new Map((listed.body as { images: { id: string; size: number | null; status: string }[] }).images.map((i) => [i.id, i]));
    for (const image of images) expect(byId.get(image.id)).toMatchObject({ size: 512, status: 'active' });
    await glance.deleteImages(images.map((i) => i.id));
  });
});
