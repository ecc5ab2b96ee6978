import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blockIo,
  cpuPercentages,
  isReportedDisk,
  memoryStats,
  parseCpuTimes,
  parseDiskstats,
  parseIpCounters,
  parseLoadAverage,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseVmstat,
  selectDiskMounts,
  diskName,
} from '../src/index.js';
import { FIXTURES } from './helpers.js';

const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

describe('/proc parsers', () => {
  it('parses loadavg', () => {
    expect(parseLoadAverage(fixture('proc/loadavg'))).toEqual({ load1: 0.22, load5: 0.35, load15: 0.26 });
    expect(() => parseLoadAverage('garbage')).toThrow(/malformed/);
  });

  it('derives UCD memory figures from meminfo', () => {
    expect(memoryStats(parseMeminfo(fixture('proc/meminfo')))).toEqual({
      total: 24683620,
      avail: 24127260,
      used: 24683620 - 24127260,
      buffer: 4384,
      cached: 269440 + 117456,
      swapTotal: 0,
      swapAvail: 0,
    });
    expect(() => memoryStats(parseMeminfo('Buffers: 1 kB\n'))).toThrow(/MemTotal/);
  });

  it('parses the aggregate cpu line and computes percentages from two reads', () => {
    const first = parseCpuTimes(fixture('proc/stat'));
    expect(first).toMatchObject({ user: 18842, nice: 0, system: 13674, idle: 318766, iowait: 764, softirq: 407, guestNice: 0 });
    const later = parseCpuTimes(fixture('stat-later'));
    expect(cpuPercentages(first, later)).toEqual({ util: 20, idle: 80 });
    expect(cpuPercentages(first, first)).toBeUndefined();
    expect(cpuPercentages(later, first)).toBeUndefined(); // counters went backwards: a reboot
    expect(parseCpuTimes('cpu  1 2 3 4\n')).toMatchObject({ user: 1, idle: 4, iowait: 0, steal: 0 });
    expect(() => parseCpuTimes('cpu0 1 2 3\n')).toThrow(/aggregate/);
  });

  it('doubles pgpgin/pgpgout into 512-byte blocks as net-snmp does', () => {
    expect(blockIo(parseVmstat(fixture('proc/vmstat')))).toEqual({ outgoingBlocks: 892756 * 2, incomingBlocks: 1269153 * 2 });
  });

  it('parses /proc/net/dev', () => {
    const eth0 = parseNetDev(fixture('proc/net/dev')).find((i) => i.name === 'eth0');
    expect(eth0).toEqual({
      name: 'eth0', rxBytes: 181939572, rxPackets: 8641, rxErrors: 0, rxDrop: 0, rxMulticast: 0,
      txBytes: 671338, txPackets: 6507, txErrors: 0, txDrop: 0,
    });
    expect(parseNetDev(fixture('proc/net/dev')).map((i) => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
  });

  it('parses IP counters from /proc/net/snmp', () => {
    expect(parseIpCounters(fixture('proc/net/snmp'))).toEqual({ inReceives: 9190, outRequests: 7048 });
    expect(() => parseIpCounters('Tcp: A\nTcp: 1\n')).toThrow(/InReceives/);
  });

  it('parses diskstats and drops idle loop and ram devices', () => {
    const disks = parseDiskstats(fixture('proc/diskstats'));
    expect(disks.find((d) => d.device === 'vda')).toEqual({
      device: 'vda', reads: 48830, readBytes: 2538498 * 512, writes: 41272, writeBytes: 1785512 * 512,
    });
    expect(disks.filter(isReportedDisk).map((d) => d.device)).toEqual(['vda', 'zram0']);
  });

  it('selects real filesystems, one per device, unescaping mount points', () => {
    const selected = selectDiskMounts(parseMounts(fixture('mounts-server')));
    expect(selected.map((m) => [diskName(m), m.mountPoint, m.fsType])).toEqual([
      ['/dev/mapper/vg0-root', '/', 'ext4'],
      ['/dev/sda1', '/boot/efi', 'vfat'],
      ['/dev/sdb1', '/var/lib/docker data', 'xfs'],
      ['/var/lib/docker/overlay2/abc/merged', '/var/lib/docker/overlay2/abc/merged', 'overlay'],
    ]);
    expect(selectDiskMounts(parseMounts(fixture('proc/self/mounts'))).map((m) => m.device)).toEqual(['/dev/vda']);
  });
});
