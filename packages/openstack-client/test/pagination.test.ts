import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@ceilometer-ts/sdk';
import { createOpenStackSession, type OpenStackSession } from '../src/index.js';
import { credentialsConfig, json, startFakeCloud, type FakeCloud } from './fake-cloud.js';

let cloud: FakeCloud;
let s: OpenStackSession;
const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `i${from + i}` }));
const ids = (list: readonly Record<string, unknown>[]) => list.map((i) => i['id']);

beforeEach(async () => {
  cloud = await startFakeCloud();
  s = createOpenStackSession(credentialsConfig(cloud), silentLogger, { retries: 0 })!;
});
afterEach(async () => {
  s.close();
  await cloud.close();
});

describe('OpenStackSession.list pagination', () => {
  it('follows <key>_links rel=next (Nova, Cinder)', async () => {
    cloud.on('/compute-internal/v2.1/servers/detail', (req, res) => {
      const marker = new URL(req.path, cloud.url).searchParams.get('marker');
      if (marker === null) return json(res, 200, { servers: items(0, 2), servers_links: [{ rel: 'next', href: `${cloud.url}/compute-internal/v2.1/servers/detail?host=h&marker=i1` }] });
      return json(res, 200, { servers: items(2, 1) });
    });
    const all = await s.list('compute', 'servers/detail', 'servers', {}, { query: { host: 'h' } });
    expect(ids(all)).toEqual(['i0', 'i1', 'i2']);
    expect(cloud.requests.filter((r) => r.path.includes('servers')).map((r) => r.path)).toEqual([
      '/compute-internal/v2.1/servers/detail?host=h',
      '/compute-internal/v2.1/servers/detail?host=h&marker=i1',
    ]);
  });

  it('follows a relative `next` in the body (Glance) and a Link header (Gnocchi)', async () => {
    cloud.on('/image/v2/images', (req, res) =>
      req.path.includes('marker') ? json(res, 200, { images: items(1, 1) }) : json(res, 200, { images: items(0, 1), next: '/image/v2/images?marker=i0' }),
    );
    expect(ids(await s.list('image', 'v2/images', 'images', {}, {}))).toEqual(['i0', 'i1']);
    cloud.on('/compute-internal/v2.1/things', (req, res) =>
      req.path.includes('page=2')
        ? json(res, 200, { things: items(5, 1) })
        : json(res, 200, { things: items(4, 1) }, { link: `<${cloud.url}/compute-internal/v2.1/things?page=2>; rel="next"` }),
    );
    expect(ids(await s.list('compute', 'things', 'things'))).toEqual(['i4', 'i5']);
  });

  it('pages by marker when full pages come without links, and stops on a repeated link', async () => {
    cloud.on('/compute-internal/v2.1/flavors', (req, res) => {
      const marker = new URL(req.path, cloud.url).searchParams.get('marker');
      const start = marker === null ? 0 : Number(marker.slice(1)) + 1;
      json(res, 200, { flavors: items(start, Math.min(2, 5 - start)) });
    });
    expect(ids(await s.list('compute', 'flavors', 'flavors', { limit: 2, marker: (i) => i['id'] as string }))).toEqual(['i0', 'i1', 'i2', 'i3', 'i4']);
    cloud.on('/compute-internal/v2.1/loop', (_req, res) => json(res, 200, { loop: items(0, 1), loop_links: [{ rel: 'next', href: `${cloud.url}/compute-internal/v2.1/loop` }] }));
    expect(ids(await s.list('compute', 'loop', 'loop'))).toEqual(['i0']);
  });
});
