/**
 * `ceilometer-polling --polling-namespaces central --poll-once` end to end (the built launcher)
 * against the fake cloud: Glance answers 500, Cinder answers; the image discovery's failure is
 * logged and the volume meters are still polled, all through one Keystone token.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startFakeCloud, type FakeCloud } from '../../../packages/openstack-client/test/fake-cloud.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) && existsSync(join(ROOT, 'plugins/pollsters-volume/dist/index.js')) && existsSync(join(ROOT, 'plugins/pollsters-image/dist/index.js'));
const V = '/volume/v3/p-service';

describe.skipIf(!built)('ceilometer-polling --polling-namespaces central (Glance and Cinder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-imgvol-e2e-'));
  let cloud: FakeCloud;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    cloud = await startFakeCloud();
    cloud.extraCatalog.push({ type: 'volumev3', name: 'cinderv3', endpoints: [{ interface: 'internal', region_id: 'RegionOne', region: 'RegionOne', url: `${cloud.url}${V}` }] });
    cloud.on(`${V}/volumes/detail`, (_req, res) => json(res, 200, { volumes: [{ id: 'v-1', size: 3, user_id: 'u', 'os-vol-tenant-attr:tenant_id': 'p', attachments: [] }] }));
    cloud.on(`${V}/snapshots/detail`, (_req, res) => json(res, 200, { snapshots: [{ id: 's-1', size: 1 }] }));
  });
  afterEach(async () => {
    await cloud.close();
  });

  async function pollOnce(): Promise<{ code: number; samples: Record<string, unknown>[]; stderr: string }> {
    writeFileSync(join(dir, 'polling.yaml'), ['---', 'sources:', '  - name: central', '    interval: 300', '    meters:', '      - image.size', '      - volume.size', '      - volume.snapshot.size', ''].join('\n'));
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(conf, [
      '[polling]', `cfg_file = ${join(dir, 'polling.yaml')}`,
      '[service_credentials]', `auth_url = ${cloud.authUrl}`, 'auth_type = password', 'username = ceilometer', 'password = secret',
      'user_domain_id = default', 'project_name = service', 'project_domain_id = default', 'interface = internalURL', 'region_name = RegionOne', '',
    ].join('\n'));
    let code = 0;
    let stdout = '';
    let stderr = '';
    try {
      ({ stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/ceilometer-polling'), '--config-file', conf, '--polling-namespaces', 'central', '--poll-once'], {
        cwd: ROOT, env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000,
      }));
    } catch (err) {
      const failed = err as { code?: number; stdout?: string; stderr?: string };
      code = failed.code ?? -1;
      stdout = failed.stdout ?? '';
      stderr = failed.stderr ?? '';
    }
    return { code, stderr, samples: stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it('a 500 from Glance does not stop the Cinder meters', async () => {
    cloud.on('/image/v2/images', (_req, res) => json(res, 500, { message: 'glance is down' }));
    const run = await pollOnce();
    expect(run.samples.map((s) => [s['name'], s['resource_id'], s['volume'], s['unit']]).sort()).toEqual([
      ['volume.size', 'v-1', 3, 'GiB'],
      ['volume.snapshot.size', 's-1', 1, 'GiB'],
    ]);
    expect(run.stderr).toMatch(/Unable to discover resources with images/);
    expect(run.code).not.toBe(0); // a discovery failed: --poll-once says so
    expect(cloud.tokens).toBe(1);
  }, 90_000);

  it('Glance answering: image.size beside the volume meters, exit 0', async () => {
    cloud.on('/image/v2/images', (_req, res) => json(res, 200, { images: [{ id: 'i-1', size: 1024, owner: 'p' }] }));
    const run = await pollOnce();
    expect(run.samples.map((s) => s['name']).sort()).toEqual(['image.size', 'volume.size', 'volume.snapshot.size']);
    expect(run.samples.find((s) => s['name'] === 'image.size')).toMatchObject({ type: 'gauge', unit: 'B', volume: 1024, resource_id: 'i-1', project_id: 'p' });
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
  }, 90_000);
});
