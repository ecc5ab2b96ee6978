import { describe, expect, it } from 'vitest';
import { cpuTime, libvirtUri, memoryFields, memoryStatsFromBulk, parseDomstatsRaw, runningInstanceStats, stoppedInstanceStats, describeDomain } from '../src/index.js';

const stats = (entries: Record<string, number | string>) => new Map(Object.entries(entries));

describe('upstream arithmetic', () => {
  it('cpu_time: vcpu time + wait of every vCPU, else cpu.time when some are missing, 0 when libvirt gave no vcpu group', () => {
    expect(cpuTime(stats({ 'vcpu.current': 2, 'vcpu.maximum': 2, 'vcpu.0.time': 10, 'vcpu.0.wait': 1, 'vcpu.1.time': 20, 'vcpu.1.wait': 2, 'cpu.time': 99 }))).toBe(33);
    expect(cpuTime(stats({ 'vcpu.current': 2, 'vcpu.maximum': 4, 'vcpu.0.time': 10, 'vcpu.0.wait': 1, 'vcpu.2.time': 20, 'vcpu.2.wait': 2, 'cpu.time': 99 }))).toBe(33);
    expect(cpuTime(stats({ 'vcpu.current': 2, 'vcpu.maximum': 2, 'vcpu.0.time': 10, 'vcpu.0.wait': 1, 'vcpu.1.time': 20, 'cpu.time': 99 }))).toBe(99);
    expect(cpuTime(stats({ 'state.state': 1 }))).toBe(0);
  });

  it('memory: MiB, usage = available - usable, else available - unused; swap only when both are given', () => {
    expect(memoryFields(new Map([['actual', 2048], ['available', 2048], ['usable', 1024], ['unused', 512], ['rss', 3072], ['swap_in', 1024], ['swap_out', 2048]]))).toEqual({
      memoryActual: 2,
      memoryAvailable: 2,
      memoryUsage: 1,
      memoryResident: 3,
      memorySwapIn: 1,
      memorySwapOut: 2,
    });
    expect(memoryFields(new Map([['available', 2048], ['unused', 512], ['swap_in', 1]]))).toEqual({ memoryAvailable: 2, memoryUsage: 1.5 });
    expect(memoryFields(new Map())).toEqual({});
  });

  it('reads the bulk balloon group as virDomainMemoryStats (current is actual, maximum left out)', () => {
    const m = memoryStatsFromBulk(stats({ 'balloon.current': 196608, 'balloon.maximum': 196608, 'balloon.last-update': 5, 'balloon.rss': 1, 'cpu.time': 3 }))!;
    expect(Object.fromEntries(m)).toEqual({ actual: 196608, last_update: 5, rss: 1 });
    expect(memoryStatsFromBulk(stats({ 'state.state': 1 }))).toBeUndefined();
  });

  it('builds InstanceStats of a running guest, memoryMax and raw included', () => {
    const raw = parseDomstatsRaw("Domain: 'g'\n  state.state=1\n  vcpu.current=1\n  vcpu.maximum=1\n  vcpu.0.time=5\n  vcpu.0.wait=1\n  balloon.maximum=2048\n  perf.cmt=7\n  perf.mbmt=8\n  perf.mbml=9\n  perf.cpu_cycles=10\n").get('g')!;
    const description = describeDomain("<domain><name>g</name><uuid>u</uuid><memory unit='KiB'>4096</memory></domain>");
    const s = runningInstanceStats(raw, new Map([['actual', 1024]]), description);
    expect(s).toMatchObject({ powerState: 1, cpuNumber: 1, cpuTime: 6, memoryActual: 1, memoryMax: 2, cpuL3CacheUsage: 7, memoryBandwidthTotal: 8, memoryBandwidthLocal: 9, cpuCycles: 10 });
    expect(s.raw).toBe(raw);
    expect('instructions' in s).toBe(false);
    expect(stoppedInstanceStats(new Map([['state.state', 5]]), describeDomain("<domain><memory unit='KiB'>4096</memory><vcpu>3</vcpu></domain>"))).toMatchObject({
      powerState: 5,
      cpuNumber: 3,
      memoryActual: 4,
      memoryMax: 4,
    });
  });

  it('libvirt URI as upstream: libvirt_uri wins, else per type, qemu:///system by default', () => {
    expect(libvirtUri('kvm', '')).toBe('qemu:///system');
    expect(libvirtUri('qemu', undefined)).toBe('qemu:///system');
    expect(libvirtUri('lxc', '')).toBe('lxc:///');
    expect(libvirtUri('parallels', '')).toBe('parallels:///system');
    expect(libvirtUri('lxc', 'test:///default')).toBe('test:///default');
  });
});
