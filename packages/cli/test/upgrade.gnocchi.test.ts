/**
 * `ceilometer-upgrade` against a real, empty Gnocchi 4.4 (private: resource types and archive
 * policies are global, and the run's shared Gnocchi has them from other tests), with the Gnocchi
 * publisher's `gnocchi` step and the seed deployment's gnocchi_resources.yaml: the resource types
 * and archive policies it needs exist after the first run, the second run changes nothing, and an
 * unreachable Gnocchi or refused credentials exit non-zero with a clear message.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, gnocchiUnavailable, startGnocchi, type GnocchiService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launcherBuilt, tempDir, type TempDir } from './polling-helpers.js';

const SEED_RESOURCES = join(ROOT, 'etc/ceilometer/gnocchi_resources.yaml');
const GNOCCHI_STEP = join(ROOT, 'plugins/publisher-gnocchi/package.json');
const skip = !launcherBuilt() || gnocchiUnavailable() !== undefined || !existsSync(GNOCCHI_STEP) || !existsSync(SEED_RESOURCES);

/** The seed deployment's resource types and archive policies (../shared/reference/seed-deployment). */
const SEED_TYPES: Record<string, string[]> = {
  instance: ['host', 'image_ref', 'launched_at', 'created_at', 'deleted_at', 'display_name', 'flavor_id', 'flavor_name', 'server_group'],
  instance_network_interface: ['name', 'instance_id'],
  instance_disk: ['name', 'instance_id'],
  host_disk: ['host_name', 'device_name'],
  host_network_interface: ['host_name', 'device_name'],
  host: ['host_name'],
};
const SEED_POLICIES = ['ceilometer-low', 'horizon-mimic', 'ceilometer-low-rate', 'ceilometer-high', 'ceilometer-high-rate'];

const PIPELINE = `---
sources:
  - name: meter_source
    meters: ["*"]
    sinks: [meter_sink]
sinks:
  - name: meter_sink
    publishers:
      - gnocchi://?filter_project=service&archive_policy=horizon-mimic
`;

describe.skipIf(skip)('ceilometer-upgrade on an empty real Gnocchi (gnocchi step, seed gnocchi_resources.yaml)', () => {
  let gnocchi: GnocchiService;
  let tmp: TempDir;

  function conf(name: string, endpoint: string, user = 'admin'): string {
    return tmp.write(
      name,
      ['[DEFAULT]', 'pipeline_cfg_file = pipeline.yaml', '[service_credentials]', 'auth_type = gnocchi-basic', `user = ${user}`, `endpoint = ${endpoint}`, ''].join('\n'),
    );
  }
  function upgrade(confFile: string, args: readonly string[] = []) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ceilometer-upgrade'), '--config-file', confFile, ...args], { encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  async function snapshot(): Promise<unknown[]> {
    // Gnocchi creates resource types asynchronously ("creating" -> "active"): compare settled states only
    for (let i = 0; i < 60; i += 1) {
      const { body } = await gnocchi.request('GET', '/v1/resource_type');
      if ((body as { state?: string }[]).every((t) => t.state === undefined || t.state === 'active')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const paths = ['/v1/resource_type', '/v1/archive_policy', '/v1/archive_policy_rule'];
    return Promise.all(
      paths.map(async (p) => {
        const { status, body } = await gnocchi.request('GET', p);
        expect(status).toBe(200);
        return (body as { name: string }[]).sort((a, b) => a.name.localeCompare(b.name));
      }),
    );
  }

  beforeAll(async () => {
    tmp = tempDir('ceilo-upgrade-gnocchi-');
    tmp.write('pipeline.yaml', PIPELINE);
    copyFileSync(SEED_RESOURCES, join(tmp.dir, 'gnocchi_resources.yaml'));
    // no metricd: nothing here reads measures (saves 380 MB)
    gnocchi = await startGnocchi({ private: true, env: { GNOCCHI_METRICD: '0' } });
  }, 180_000);
  afterAll(async () => {
    await gnocchi?.stop();
    tmp?.cleanup();
  });

  // first: on the empty Gnocchi, where the step has something to create
  it('exits non-zero with a clear message when Gnocchi refuses the credentials, before changing anything', async () => {
    const before = await snapshot();
    // basic auth: any user name is accepted, but only "admin" may create archive policies and resource types (403)
    const r = upgrade(conf('refused.conf', gnocchi.url, 'not-admin'), ['--retry', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ceilometer-upgrade: upgrade step gnocchi failed: .*(403|forbidden|refused|denied)/i);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('creates the seed resource types and archive policies, and a second run changes nothing', async () => {
    const file = conf('ceilometer.conf', gnocchi.url);
    const before = await snapshot();
    for (const type of Object.keys(SEED_TYPES)) expect((await gnocchi.request('GET', `/v1/resource_type/${type}`)).status).toBe(404);

    const first = upgrade(file);
    expect(first.stderr).not.toMatch(/failed|error:/i);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^\[gnocchi\] done in \d+\.\d s: [1-9]\d* changed, \d+ unchanged$/m);
    expect(first.stdout).toMatch(/^upgrade complete: [1-9]\d* changed/m);

    for (const [type, attributes] of Object.entries(SEED_TYPES)) {
      const { status, body } = await gnocchi.request('GET', `/v1/resource_type/${type}`);
      expect(status, type).toBe(200);
      expect(Object.keys((body as { attributes: Record<string, unknown> }).attributes), type).toEqual(expect.arrayContaining(attributes));
    }
    for (const policy of SEED_POLICIES) expect((await gnocchi.request('GET', `/v1/archive_policy/${policy}`)).status, policy).toBe(200);
    const mimic = (await gnocchi.request('GET', '/v1/archive_policy/horizon-mimic')).body as { definition: { granularity: string; timespan: string }[]; aggregation_methods: string[] };
    expect(mimic.definition.map((d) => d.granularity)).toEqual(['0:01:00', '0:05:00', '0:30:00', '2:00:00', '1 day, 0:00:00']);
    expect([...mimic.aggregation_methods].sort()).toEqual(['count', 'max', 'mean', 'min', 'rate:mean', 'std', 'sum']);
    const afterFirst = await snapshot();
    expect(afterFirst).not.toEqual(before);

    const second = upgrade(file);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/^\[gnocchi\] done in \d+\.\d s: 0 changed, [1-9]\d* unchanged$/m);
    expect(second.stdout).toContain('(already up to date)');
    expect(await snapshot()).toEqual(afterFirst);
  }, 120_000);

  it('--skip-gnocchi-resource-types leaves resource types alone', async () => {
    const file = conf('skip.conf', gnocchi.url);
    const before = await snapshot();
    const r = upgrade(file, ['--skip-gnocchi-resource-types']);
    expect(r.status).toBe(0);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('exits non-zero with a clear message when Gnocchi is unreachable (after --retry)', async () => {
    const port = await findFreePort(); // nothing listens there
    const started = Date.now();
    const r = upgrade(conf('down.conf', `http://127.0.0.1:${port}`), ['--retry', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ceilometer-upgrade: upgrade step gnocchi failed: .*unreachable/i);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

});
