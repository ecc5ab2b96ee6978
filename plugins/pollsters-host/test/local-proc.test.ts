// Reads the real /proc of the machine running the tests (Linux only).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Sample } from '@ceilometer-ts/sdk';
import * as host from '../src/index.js';
import { fakeContext, fakeCycle } from './helpers.js';

const linux = existsSync('/proc/stat');

describe.runIf(linux)('local host, real /proc', () => {
  it('polls every meter of this machine', async () => {
    const ctx = fakeContext(); // the default ProcFsReader on /
    const cycle = fakeCycle();
    const classes = [
      host.CpuLoad1MinPollster, host.CpuUserPollster, host.MemoryTotalPollster, host.MemoryUsedPollster,
      host.MemoryAvailPollster, host.IoIncomingBlocksPollster, host.NetworkIncomingBytesPollster,
      host.IpIncomingDatagramsPollster, host.DiskSizeTotalPollster, host.DiskReadBytesPollster,
    ];
    const byName = new Map<string, Sample[]>();
    for (const C of classes) {
      const p: host.LocalHostPollster = new C(ctx);
      await p.setup?.();
      byName.set(p.meter.name, [...(await p.getSamples(cycle, [host.LOCAL_HOST_URL]))]);
    }
    const one = (name: string): Sample => byName.get(name)![0]!;
    expect(one('hardware.memory.total').resource_id).toBe(hostname());
    expect(one('hardware.memory.total').volume).toBeGreaterThan(0);
    expect(one('hardware.memory.used').volume! + one('hardware.memory.avail').volume!).toBe(one('hardware.memory.total').volume);
    expect(one('hardware.cpu.load.1min').volume).toBeGreaterThanOrEqual(0);
    expect(byName.get('hardware.network.incoming.bytes')!.some((s) => s.resource_id === `${hostname()}.lo`)).toBe(true);
    for (const samples of byName.values()) {
      for (const s of samples) expect(Number.isFinite(s.volume)).toBe(true);
    }
  });

  it('measures cpu.util between two polls', async () => {
    const util = new host.CpuUtilPollster(fakeContext());
    expect(await util.getSamples(fakeCycle(), [host.LOCAL_HOST_URL])).toEqual([]);
    const end = Date.now() + 50;
    while (Date.now() < end); // burn a few ticks
    await new Promise((r) => setTimeout(r, 30));
    const samples = await util.getSamples(fakeCycle(), [host.LOCAL_HOST_URL]);
    for (const s of samples) {
      expect(s.volume).toBeGreaterThanOrEqual(0);
      expect(s.volume).toBeLessThanOrEqual(100);
    }
  });
});
