/**
 * `ceilometer-polling --polling-namespaces compute --poll-once` end to end (the built launcher):
 * the seed deployment's some_pollsters source over a fixture hypervisor inspector installed in an
 * operator plugin directory (`hypervisor_inspector = fake`), libvirt_metadata discovery.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) && existsSync(join(ROOT, 'plugins/pollsters-compute/dist/index.js'));
const SEED_METERS = readFileSync(join(FIXTURES, 'seed-polling-some_pollsters.yaml'), 'utf8').match(/^ {8}- (\S+)$/gm)!.map((l) => l.trim().slice(2));

describe.skipIf(!built)('ceilometer-polling --polling-namespaces compute', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-compute-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("polls every meter of the seed's some_pollsters source once per instance, device and vNIC", () => {
    const plugins = join(dir, 'plugins');
    cpSync(join(FIXTURES, 'fake-compute-inspector'), join(plugins, 'node_modules/ceilo-test-fake-compute-inspector'), { recursive: true });
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(
      conf,
      ['[DEFAULT]', 'host = compute-1', 'hypervisor_inspector = fake', `plugin_dirs = ${plugins}`, '[polling]', `cfg_file = ${join(FIXTURES, 'seed-polling-some_pollsters.yaml')}`, '[compute]', 'instance_discovery_method = libvirt_metadata', ''].join('\n'),
    );
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/ceilometer-polling'), '--config-file', conf, '--polling-namespaces', 'compute', '--poll-once'], {
      cwd: ROOT,
      env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const samples = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(SEED_METERS).toHaveLength(20);
    expect([...new Set(samples.map((s) => s.name))].sort()).toEqual([...SEED_METERS].sort());
    // Two Nova instances (the plain domain is not one), one disk and one vNIC each.
    expect(samples).toHaveLength(40);
    const util = samples.find((s) => s.name === 'memory.util')!;
    expect(util).toMatchObject({ type: 'gauge', unit: '%', volume: 50, resource_id: '11111111-1111-4111-8111-111111111111', project_id: 'project-1' });
    expect(samples.find((s) => s.name === 'network.incoming.bytes')).toMatchObject({ resource_id: 'instance-00000001-11111111-1111-4111-8111-111111111111-tap-instance-00000001' });
    expect(samples.find((s) => s.name === 'disk.device.capacity')).toMatchObject({ resource_id: '11111111-1111-4111-8111-111111111111-vda', volume: 21474836480 });
  });
});
