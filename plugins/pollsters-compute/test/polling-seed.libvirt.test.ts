/**
 * The seed deployment's some_pollsters source through the real libvirt inspector on libvirt's test
 * driver (`libvirt_uri = test:///...node.xml`, no daemon; needs `virsh`): `ceilometer-polling
 * --polling-namespaces compute --poll-once` prints every listed meter the test driver can give, and
 * says the others unsupported once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { libvirtTestDriverUri } from '@ceilometer-ts/test-services';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js')) && existsSync(join(ROOT, 'plugins/inspector-libvirt/dist/index.js'));
const hasVirsh = spawnSync('virsh', ['--version'], { encoding: 'utf8' }).status === 0;
const SEED_METERS = readFileSync(join(FIXTURES, 'seed-polling-some_pollsters.yaml'), 'utf8').match(/^ {8}- (\S+)$/gm)!.map((l) => l.trim().slice(2));
/** What libvirt's test driver cannot give: no block statistics, no vcpu group in its bulk stats (upstream gives none either). */
const NOT_ON_TEST_DRIVER = ['vcpus', 'disk.device.read.bytes', 'disk.device.read.requests', 'disk.device.write.bytes', 'disk.device.write.requests'];
const INSTANCE_1 = '11111111-1111-4111-8111-111111111111';

describe.skipIf(!built || !hasVirsh)('seed some_pollsters over libvirt (test driver)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-compute-libvirt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every listed compute meter the test driver can give, with upstream resource ids and metadata', () => {
    const conf = join(dir, 'ceilometer.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        'host = compute-1',
        `libvirt_uri = ${libvirtTestDriverUri(join(FIXTURES, 'libvirt-test-node3.xml'))}`,
        '[polling]',
        `cfg_file = ${join(FIXTURES, 'seed-polling-some_pollsters.yaml')}`,
        '[hardware]',
        `monitor_file = ${join(FIXTURES, 'seed-monitor_hardware.yaml')}`,
        '',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/ceilometer-polling'), '--config-file', conf, '--polling-namespaces', 'compute', '--poll-once'], {
      cwd: ROOT,
      env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1', LC_ALL: 'C' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const samples = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const meters = [...new Set(samples.map((s) => String(s.name)))].sort();
    expect(meters).toEqual(SEED_METERS.filter((m) => !NOT_ON_TEST_DRIVER.includes(m)).sort());
    // The others are said unsupported once each, at info level; nothing is warned.
    const logs = run.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const unsupported = logs.filter((l) => String(l.msg).includes('gives no data for this meter')).map((l) => l.meter);
    expect(unsupported.sort()).toEqual([...NOT_ON_TEST_DRIVER].sort());
    expect(logs.filter((l) => Number(l.level) >= 40).map((l) => l.msg)).toEqual([]);

    const cpu = samples.filter((s) => s.name === 'cpu');
    expect(cpu.map((s) => s.resource_id).sort()).toEqual([INSTANCE_1, '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333']);
    const first = cpu.find((s) => s.resource_id === INSTANCE_1)!;
    expect(first).toMatchObject({ type: 'cumulative', unit: 'ns', user_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1', project_id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1' });
    expect(first.resource_metadata).toMatchObject({
      display_name: 'web-1',
      name: 'instance-00000001',
      instance_type: 'm1.small',
      instance_host: 'compute-1',
      status: 'active',
      state: 'running',
      image_ref: 'cccccccc-cccc-4ccc-8ccc-cccccccccc01',
      flavor: { id: 'm1.small', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, ephemeral: 0, swap: 0 },
      os_type: 'hvm',
      architecture: 'x86_64',
      root_gb: 20,
    });
    const nic = samples.find((s) => s.name === 'network.incoming.bytes' && String(s.resource_id).includes(INSTANCE_1))!;
    expect(nic.resource_id).toBe(`instance-00000001-${INSTANCE_1}-tapdddddddd-dd`);
    expect(nic.resource_metadata).toMatchObject({ mac: 'fa:16:3e:11:11:01', vnic_name: 'tapdddddddd-dd', parameters: { interfaceid: 'dddddddd-dddd-4ddd-8ddd-dddddddddd01', bridge: 'br-int' } });
    const disks = samples.filter((s) => s.name === 'disk.device.capacity').map((s) => s.resource_id);
    expect(disks).toContain(`${INSTANCE_1}-vda`);
    expect(disks).toContain(`${INSTANCE_1}-sda`);
  });
});
