import { describe, expect, it } from 'vitest';
import { ConfigError, type Sample } from '@ceilometer-ts/sdk';
import { CustomHardwarePollsterBuilder, diskMatches, HardwareSnmpPollsterBuilder, loadMonitorFile } from '../src/index.js';
import { FIXTURES, fakeContext, fakeCycle, loadSnapshot, SnapshotInspector, snapshot } from './helpers.js';

describe('monitor_hardware.yaml', () => {
  it("reads the seed's file and ignores its instance section", async () => {
    const filter = await loadMonitorFile(`${FIXTURES}seed-monitor_hardware.yaml`);
    expect(filter.disk('/dev/sda')).toBe(true);
    expect(filter.disk('sda')).toBe(true);
    expect(filter.disk('/dev/sda1')).toBe(true);
    expect(filter.disk('sdb')).toBe(false);
    expect(filter.disk('/dev/sdaa')).toBe(false);
    expect(filter.networkInterface('ens224')).toBe(true);
    expect(filter.networkInterface('lo')).toBe(false);
    expect(filter.networkInterface('Intel NIC', 'ens256')).toBe(true);
  });

  it('matches names with and without /dev/, and partitions of a disk', () => {
    expect(diskMatches('nvme0n1p2', '/dev/nvme0n1')).toBe(true);
    expect(diskMatches('nvme0n1', '/dev/nvme0n12')).toBe(false);
    expect(diskMatches('/dev/vda', 'vda')).toBe(true);
    expect(diskMatches('mmcblk0p1', 'mmcblk0')).toBe(true);
  });

  it('collects everything with no file, an empty file or empty lists', async () => {
    for (const f of [`${FIXTURES}missing.yaml`, `${FIXTURES}monitor/empty.yaml`, `${FIXTURES}monitor/all.yaml`]) {
      const filter = await loadMonitorFile(f);
      expect(filter.disk('anything') && filter.networkInterface('anything')).toBe(true);
    }
  });

  it('refuses a malformed file with every problem located', async () => {
    const error = await loadMonitorFile(`${FIXTURES}monitor/malformed.yaml`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => `${i.file.replace(FIXTURES, '')}:${i.line}: ${i.path}`);
    expect(issues).toEqual(['monitor/malformed.yaml:2: host.disk_name', 'monitor/malformed.yaml:3: host.network_interface_names']);
    expect((error as ConfigError).code).toBe('CEILO_ERR_CONFIG_INVALID');
    await expect(loadMonitorFile(`${FIXTURES}stein-snmp.yaml`)).rejects.toThrow(/unknown section "metric"/);
  });

  it('fails the builders at start-up on a malformed file', async () => {
    const ctx = fakeContext(new SnapshotInspector(), { 'hardware.monitor_file': `${FIXTURES}monitor/malformed.yaml` });
    await expect(new HardwareSnmpPollsterBuilder(ctx).buildPollsters()).rejects.toThrow(ConfigError);
  });

  it('restricts the disk and interface meters of both builders', async () => {
    const inspector = new SnapshotInspector();
    const mib = loadSnapshot('local-snapshot-2.json');
    const DIO = '1.3.6.1.4.1.2021.13.15.1.1';
    for (const [oid, v] of snapshot({ [`${DIO}.2.9`]: ['OctetString', 'sdb'], [`${DIO}.3.9`]: ['Counter32', 5], [`${DIO}.12.9`]: ['Counter64', 5] })) mib.set(oid, v);
    inspector.snapshots.set('snmp://h', mib);
    const ctx = fakeContext(inspector, { 'hardware.monitor_file': `${FIXTURES}monitor/filter.yaml` });
    const pollsters = [...(await new HardwareSnmpPollsterBuilder(ctx).buildPollsters()), ...(await new CustomHardwarePollsterBuilder(ctx).buildPollsters())];
    const samples: Sample[] = [];
    const cycle = fakeCycle();
    for (const { pollster } of pollsters) samples.push(...((await pollster.getSamples(cycle, ['snmp://h'])) as Sample[]));
    const ids = (name: string) => samples.filter((s) => s.name === name).map((s) => s.resource_id);
    expect(ids('hardware.network.incoming.bytes')).toEqual(['h.eth0']);
    expect(ids('custom.hardware.network.interface.status')).toEqual(['h.eth0']);
    expect(ids('hardware.disk.read.bytes')).toEqual(['h.sdb']);
    expect(ids('custom.hardware.disk.read.bytes')).toEqual(['h.sdb']);
    expect(ids('custom.hardware.disk.size.total')).toEqual([]);
    expect(ids('hardware.memory.total')).toEqual(['h']);
  });
});
