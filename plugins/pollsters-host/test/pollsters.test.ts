import { describe, expect, it } from 'vitest';
import type { Sample } from '@ceilometer-ts/sdk';
import * as host from '../src/index.js';
import { fakeConfig, fakeContext, fakeCycle, FixtureReader } from './helpers.js';

type PollsterClass = new (ctx: ReturnType<typeof fakeContext>) => host.LocalHostPollster;

async function poll(Cls: PollsterClass, reader = new FixtureReader(), resources: unknown[] = [host.LOCAL_HOST_URL]): Promise<Sample[]> {
  const pollster = new Cls(fakeContext(reader));
  return [...(await pollster.getSamples(fakeCycle(), resources))];
}

const hostLevel: Array<[PollsterClass, string, string, string, number]> = [
  [host.CpuLoad1MinPollster, 'hardware.cpu.load.1min', 'gauge', 'process', 0.22],
  [host.CpuLoad5MinPollster, 'hardware.cpu.load.5min', 'gauge', 'process', 0.35],
  [host.CpuLoad15MinPollster, 'hardware.cpu.load.15min', 'gauge', 'process', 0.26],
  [host.CpuUserPollster, 'hardware.cpu.user', 'gauge', 'tick', 18842],
  [host.CpuNicePollster, 'hardware.cpu.nice', 'gauge', 'tick', 0],
  [host.CpuSystemPollster, 'hardware.cpu.system', 'gauge', 'tick', 13674],
  [host.CpuIdlePollster, 'hardware.cpu.idle', 'gauge', 'tick', 318766],
  [host.CpuWaitPollster, 'hardware.cpu.wait', 'gauge', 'tick', 764],
  [host.CpuInterruptPollster, 'hardware.cpu.interrupt', 'gauge', 'tick', 0],
  [host.MemoryTotalPollster, 'hardware.memory.total', 'gauge', 'KB', 24683620],
  [host.MemoryUsedPollster, 'hardware.memory.used', 'gauge', 'KB', 24683620 - 24127260],
  [host.MemoryAvailPollster, 'hardware.memory.avail', 'gauge', 'KB', 24127260],
  [host.MemoryBufferPollster, 'hardware.memory.buffer', 'gauge', 'KB', 4384],
  [host.MemoryCachedPollster, 'hardware.memory.cached', 'gauge', 'KB', 269440 + 117456],
  [host.MemorySwapTotalPollster, 'hardware.memory.swap.total', 'gauge', 'KB', 0],
  [host.MemorySwapAvailPollster, 'hardware.memory.swap.avail', 'gauge', 'KB', 0],
  [host.IoOutgoingBlocksPollster, 'hardware.system_stats.io.outgoing.blocks', 'cumulative', 'blocks', 892756 * 2],
  [host.IoIncomingBlocksPollster, 'hardware.system_stats.io.incoming.blocks', 'cumulative', 'blocks', 1269153 * 2],
  [host.IpOutgoingDatagramsPollster, 'hardware.network.ip.outgoing.datagrams', 'cumulative', 'datagrams', 7048],
  [host.IpIncomingDatagramsPollster, 'hardware.network.ip.incoming.datagrams', 'cumulative', 'datagrams', 9190],
];

describe('host-level pollsters', () => {
  it.each(hostLevel)('%o emits %s', async (Cls, name, type, unit, volume) => {
    const samples = await poll(Cls);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      name, type, unit, volume,
      resource_id: 'node-1',
      user_id: null,
      project_id: null,
      timestamp: '2026-11-23T19:00:00.000000+00:00',
      resource_metadata: { resource_url: 'local://localhost' },
    });
  });

  it('reads each /proc file once per cycle for all meters', async () => {
    const reader = new FixtureReader();
    const ctx = fakeContext(reader);
    const cycle = fakeCycle();
    const pollsters = [host.MemoryTotalPollster, host.MemoryUsedPollster, host.MemoryCachedPollster].map((C) => new C(ctx));
    await Promise.all(pollsters.map((p) => p.getSamples(cycle, [host.LOCAL_HOST_URL])));
    expect(reader.reads.get('/proc/meminfo')).toBe(1);
    await new host.MemoryTotalPollster(ctx).getSamples(fakeCycle(), [host.LOCAL_HOST_URL]);
    expect(reader.reads.get('/proc/meminfo')).toBe(2);
  });

  it('skips resources of other inspectors and polls one machine once', async () => {
    expect(await poll(host.MemoryTotalPollster, undefined, ['snmp://10.0.0.5', { id: 'x' }])).toEqual([]);
    const samples = await poll(host.MemoryTotalPollster, undefined, ['local://localhost', 'local://other', 'snmp://10.0.0.5']);
    expect(samples).toHaveLength(1);
  });

  it('uses [DEFAULT] host as resource id when configured', async () => {
    const pollster = new host.CpuLoad1MinPollster(fakeContext(new FixtureReader(), fakeConfig({ 'DEFAULT.host': 'compute-7' })));
    const [sample] = await pollster.getSamples(fakeCycle(), [host.LOCAL_HOST_URL]);
    expect(sample?.resource_id).toBe('compute-7');
  });

  it('defaults to the local_host discovery', () => {
    expect(new host.MemoryTotalPollster(fakeContext()).defaultDiscovery).toBe('local_host');
  });
});

describe('cpu percentages', () => {
  it('emit nothing on the first poll, then the share since the previous poll', async () => {
    const reader = new FixtureReader();
    const util = new host.CpuUtilPollster(fakeContext(reader));
    const idle = new host.SystemCpuIdlePollster(fakeContext(reader));
    expect(await util.getSamples(fakeCycle(), [host.LOCAL_HOST_URL])).toEqual([]);
    expect(await idle.getSamples(fakeCycle(), [host.LOCAL_HOST_URL])).toEqual([]);
    const { readFileSync } = await import('node:fs');
    reader.overrides.set('/proc/stat', readFileSync(new URL('./fixtures/stat-later', import.meta.url), 'utf8'));
    const [u] = await util.getSamples(fakeCycle(), [host.LOCAL_HOST_URL]);
    const [i] = await idle.getSamples(fakeCycle(), [host.LOCAL_HOST_URL]);
    expect(u).toMatchObject({ name: 'hardware.cpu.util', type: 'gauge', unit: '%', volume: 20, resource_id: 'node-1' });
    expect(i).toMatchObject({ name: 'hardware.system_stats.cpu.idle', type: 'gauge', unit: '%', volume: 80 });
    // No tick elapsed since the previous poll: nothing rather than a division by zero.
    expect(await util.getSamples(fakeCycle(), [host.LOCAL_HOST_URL])).toEqual([]);
  });
});

describe('per-interface and per-disk pollsters', () => {
  it('emit network bytes per interface with Stein metadata', async () => {
    const samples = await poll(host.NetworkIncomingBytesPollster);
    expect(samples.map((s) => s.resource_id)).toEqual(['node-1.lo', 'node-1.ifb0', 'node-1.ifb1', 'node-1.eth0']);
    expect(samples[3]).toMatchObject({
      name: 'hardware.network.incoming.bytes', type: 'cumulative', unit: 'B', volume: 181939572,
      resource_metadata: { resource_url: 'local://localhost', name: 'eth0', speed: 1_250_000_000, mac: '02fc00000001', ip: '192.0.2.10' },
    });
    expect(samples[1]?.resource_metadata).toEqual({ resource_url: 'local://localhost', name: 'ifb0' });
    const out = await poll(host.NetworkOutgoingBytesPollster);
    expect(out[3]).toMatchObject({ name: 'hardware.network.outgoing.bytes', volume: 671338, resource_id: 'node-1.eth0' });
    const errors = await poll(host.NetworkOutgoingErrorsPollster);
    expect(errors[3]).toMatchObject({ name: 'hardware.network.outgoing.errors', type: 'cumulative', unit: 'packet', volume: 0 });
  });

  it('emit disk sizes per mounted filesystem', async () => {
    const [total] = await poll(host.DiskSizeTotalPollster);
    const [used] = await poll(host.DiskSizeUsedPollster);
    const common = { type: 'gauge', unit: 'KB', resource_id: 'node-1./dev/vda',
      resource_metadata: { resource_url: 'local://localhost', device: '/dev/vda', path: '/' } };
    expect(total).toMatchObject({ name: 'hardware.disk.size.total', volume: 102400, ...common });
    expect(used).toMatchObject({ name: 'hardware.disk.size.used', volume: 61440, ...common });
  });

  it('emit disk I/O per block device', async () => {
    const samples = await poll(host.DiskReadBytesPollster);
    expect(samples.map((s) => s.resource_id)).toEqual(['node-1.vda', 'node-1.zram0']);
    expect(samples[0]).toMatchObject({ name: 'hardware.disk.read.bytes', type: 'gauge', unit: 'B', volume: 2538498 * 512,
      resource_metadata: { resource_url: 'local://localhost', device: 'vda' } });
    expect((await poll(host.DiskWriteBytesPollster))[0]).toMatchObject({ volume: 1785512 * 512 });
    expect((await poll(host.DiskReadRequestsPollster))[0]).toMatchObject({ unit: 'requests', volume: 48830 });
    expect((await poll(host.DiskWriteRequestsPollster))[0]).toMatchObject({ unit: 'requests', volume: 41272 });
  });
});

describe('LocalHostDiscovery', () => {
  it('returns this host, unpartitioned', async () => {
    const discovery = new host.LocalHostDiscovery(fakeContext());
    expect(discovery.groupId).toBeNull();
    expect(await discovery.discover(fakeCycle())).toEqual(['local://localhost']);
  });
});
