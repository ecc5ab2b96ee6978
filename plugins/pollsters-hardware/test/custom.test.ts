// custom.hardware.* formulas: expected values are worked out by hand from the raw counters.
import { describe, expect, it } from 'vitest';
import type { OidValue, OidValueType, Sample } from '@ceilometer-ts/sdk';
import { CustomHardwarePollsterBuilder, counterDelta, HardwareRuntime } from '../src/index.js';
import { byName, fakeContext, fakeCycle, loadSnapshot, SnapshotInspector, snapshot } from './helpers.js';

const SS = '1.3.6.1.4.1.2021.11';
const UPTIME = '1.3.6.1.2.1.1.3.0';
const DIO = '1.3.6.1.4.1.2021.13.15.1.1';

/** Raw CPU ticks in ssCpuRaw* order: user nice system idle wait kernel interrupt softirq steal guest guestnice. */
function cpu(uptime: number, t: number[], type: OidValueType = 'Counter32'): Record<string, [OidValueType, number]> {
  const columns = [50, 51, 52, 53, 54, 55, 56, 61, 64, 65, 66];
  return Object.fromEntries([[UPTIME, ['TimeTicks', uptime]], ...columns.map((c, i) => [`${SS}.${c}.0`, [type, t[i]!]])]);
}

async function setup() {
  const inspector = new SnapshotInspector();
  const ctx = fakeContext(inspector);
  const runtime = HardwareRuntime.of(ctx);
  let now = 1000;
  runtime.clock = () => now;
  const pollsters = await new CustomHardwarePollsterBuilder(ctx).buildPollsters();
  const poll = async (mib: Map<string, OidValue>, advance = 60): Promise<Map<string, Sample[]>> => {
    now += advance;
    inspector.snapshots.set('snmp://h', mib);
    const cycle = fakeCycle();
    const out: Sample[] = [];
    for (const { pollster } of pollsters) out.push(...((await pollster.getSamples(cycle, ['snmp://h'])) as Sample[]));
    return byName(out);
  };
  return { poll, pollsters };
}

const volume = (samples: Map<string, Sample[]>, name: string): Sample['volume'] | undefined => samples.get(name)?.[0]?.volume;

describe('CPU percentages', () => {
  it('are 100·Δstate/ΔT between two polls, nothing on the first', async () => {
    const { poll } = await setup();
    const first = await poll(snapshot(cpu(100_000, [1000, 0, 500, 8000, 100, 0, 0, 50, 0, 0, 0])));
    expect([...first.keys()].filter((n) => n.includes('.cpu.'))).toEqual([]);
    // Δ: user 300, nice 0, system 100, idle 1500, wait 50, interrupt 0, softirq 50, steal 0 => ΔT 2000; guest +20
    const second = await poll(snapshot(cpu(106_000, [1300, 0, 600, 9500, 150, 0, 0, 100, 0, 20, 0])));
    expect(volume(second, 'custom.hardware.cpu.user.percentage')).toBe(15);
    expect(volume(second, 'custom.hardware.cpu.system.percentage')).toBe(5);
    expect(volume(second, 'custom.hardware.cpu.idle.percentage')).toBe(75);
    expect(volume(second, 'custom.hardware.cpu.wait.percentage')).toBe(2.5);
    expect(volume(second, 'custom.hardware.cpu.softinterrupt.percentage')).toBe(2.5);
    expect(volume(second, 'custom.hardware.cpu.guest.percentage')).toBe(1);
    expect(volume(second, 'custom.hardware.cpu.kernel.percentage')).toBe(0);
    expect(volume(second, 'custom.hardware.cpu.util.percentage')).toBe(25);
    expect(second.get('custom.hardware.cpu.util.percentage')![0]).toMatchObject({ unit: '%', type: 'gauge', resource_id: 'h', resource_metadata: { resource_url: 'snmp://h' } });
  });

  it('handle a Counter32 wrap', async () => {
    const { poll } = await setup();
    await poll(snapshot(cpu(100_000, [2 ** 32 - 100, 0, 500, 8000, 0, 0, 0, 0, 0, 0, 0])));
    // user: 2^32 − 100 → 200 is +300; idle +700 => ΔT 1000
    const second = await poll(snapshot(cpu(106_000, [200, 0, 500, 8700, 0, 0, 0, 0, 0, 0, 0])));
    expect(volume(second, 'custom.hardware.cpu.user.percentage')).toBe(30);
    expect(volume(second, 'custom.hardware.cpu.util.percentage')).toBe(30);
  });

  it('emit nothing across a restart or a 64-bit counter going back, then resume', async () => {
    const { poll } = await setup();
    await poll(snapshot(cpu(100_000, [1000, 0, 500, 8000, 0, 0, 0, 0, 0, 0, 0])));
    const rebooted = await poll(snapshot(cpu(3_000, [10, 0, 5, 80, 0, 0, 0, 0, 0, 0, 0])));
    expect(rebooted.has('custom.hardware.cpu.user.percentage')).toBe(false);
    const resumed = await poll(snapshot(cpu(9_000, [110, 0, 5, 480, 0, 0, 0, 0, 0, 0, 0])));
    expect(volume(resumed, 'custom.hardware.cpu.user.percentage')).toBe(20);
    expect(counterDelta({ value: 10, wraps32: false }, { value: 5, wraps32: false })).toBeUndefined();
    expect(counterDelta({ value: 2 ** 32 - 1, wraps32: true }, { value: 0, wraps32: true })).toBe(1);
  });

  it('are computed from two real snapshots of the local inspector', async () => {
    const { poll } = await setup();
    const [a, b] = [loadSnapshot('local-snapshot-1.json'), loadSnapshot('local-snapshot-2.json')];
    await poll(a);
    const second = await poll(b);
    const d = (c: number): number => Number(b.get(`${SS}.${c}.0`)!.value) - Number(a.get(`${SS}.${c}.0`)!.value);
    const total = d(50) + d(51) + d(52) + d(53) + d(54) + d(56) + d(61) + d(64);
    expect(volume(second, 'custom.hardware.cpu.user.percentage')).toBeCloseTo((100 * d(50)) / total, 10);
    expect(volume(second, 'custom.hardware.cpu.system.percentage')).toBeCloseTo((100 * d(52)) / total, 10);
    expect(volume(second, 'custom.hardware.cpu.util.percentage')).toBeCloseTo(100 - (100 * d(53)) / total, 10);
  });
});

describe('memory and swap', () => {
  const MEM = '1.3.6.1.4.1.2021.4';
  const mem = (swapTotal: number, swapAvail: number) =>
    snapshot({
      [`${MEM}.3.0`]: ['Integer', swapTotal], [`${MEM}.4.0`]: ['Integer', swapAvail], [`${MEM}.5.0`]: ['Integer', 16_000_000],
      [`${MEM}.6.0`]: ['Integer', 2_000_000], [`${MEM}.14.0`]: ['Integer', 500_000], [`${MEM}.15.0`]: ['Integer', 3_500_000],
    });

  it('used = total − avail − buffer − cached; utilization = 100·used/total', async () => {
    const { poll } = await setup();
    const s = await poll(mem(4_000_000, 3_000_000));
    expect(volume(s, 'custom.hardware.memory.total')).toBe(16_000_000);
    expect(volume(s, 'custom.hardware.memory.used')).toBe(10_000_000);
    expect(volume(s, 'custom.hardware.memory.cached')).toBe(3_500_000);
    expect(volume(s, 'custom.hardware.memory.buffer')).toBe(500_000);
    expect(volume(s, 'custom.hardware.memory.utilization')).toBe(62.5);
    expect(volume(s, 'custom.hardware.swap.total')).toBe(4_000_000);
    expect(volume(s, 'custom.hardware.swap.avail')).toBe(3_000_000);
    expect(volume(s, 'custom.hardware.swap.utilization')).toBe(25);
  });

  it('no swap is 0 % swap utilization, never NaN', async () => {
    const { poll } = await setup();
    expect(volume(await poll(mem(0, 0)), 'custom.hardware.swap.utilization')).toBe(0);
  });
});

describe('disks', () => {
  const DSK = '1.3.6.1.4.1.2021.9.1';
  const io = (uptime: number, readX: bigint, reads: number) =>
    snapshot({
      [UPTIME]: ['TimeTicks', uptime],
      [`${DIO}.2.1`]: ['OctetString', 'sda'], [`${DIO}.12.1`]: ['Counter64', readX], [`${DIO}.3.1`]: ['Counter32', 12],
      [`${DIO}.5.1`]: ['Counter32', reads], [`${DIO}.13.1`]: ['Counter64', 0n], [`${DIO}.6.1`]: ['Counter32', 0],
      [`${DSK}.2.1`]: ['OctetString', '/'], [`${DSK}.3.1`]: ['OctetString', '/dev/sda1'], [`${DSK}.6.1`]: ['Integer', 2 ** 31 - 1],
      [`${DSK}.8.1`]: ['Integer', 1_000_000], [`${DSK}.11.1`]: ['Gauge32', 0], [`${DSK}.12.1`]: ['Gauge32', 1],
      [`${DSK}.15.1`]: ['Gauge32', 2 ** 30], [`${DSK}.16.1`]: ['Gauge32', 0],
    });

  it('sizes prefer the 64-bit halves; utilization = 100·used/total', async () => {
    const { poll } = await setup();
    const s = await poll(io(100, 0n, 0));
    expect(s.get('custom.hardware.disk.size.total')![0]).toMatchObject({ volume: 2 ** 32, resource_id: 'h./dev/sda1', resource_metadata: { device: '/dev/sda1', path: '/' } });
    expect(volume(s, 'custom.hardware.disk.size.used')).toBe(2 ** 30);
    expect(volume(s, 'custom.hardware.disk.utilization')).toBe(25);
  });

  it('counters are cumulative (64-bit first) and averages are Δx/Δt', async () => {
    const { poll } = await setup();
    const first = await poll(io(100_000, 1_000_000n, 2 ** 32 - 600));
    expect(first.get('custom.hardware.disk.read.bytes')![0]).toMatchObject({ volume: 1_000_000, type: 'cumulative', unit: 'B', resource_id: 'h.sda', resource_metadata: { device: 'sda' } });
    expect(first.has('custom.hardware.disk.read.bytes.average')).toBe(false);
    // 60 s of agent uptime: +600000 B and +1200 reads (across the Counter32 wrap)
    const second = await poll(io(106_000, 1_600_000n, 600));
    expect(second.get('custom.hardware.disk.read.bytes.average')![0]).toMatchObject({ volume: 10_000, unit: 'B/s', type: 'gauge' });
    expect(volume(second, 'custom.hardware.disk.read.requests.average')).toBe(20);
    expect(volume(second, 'custom.hardware.disk.write.bytes.average')).toBe(0);
    const reset = await poll(io(112_000, 5n, 700));
    expect(reset.has('custom.hardware.disk.read.bytes.average')).toBe(false);
    expect(volume(reset, 'custom.hardware.disk.read.requests.average')).toBe(100 / 60);
  });
});

describe('interface status', () => {
  it('is 1 when ifOperStatus is up, with the raw statuses in metadata', async () => {
    const { poll } = await setup();
    const s = await poll(loadSnapshot('local-snapshot-2.json'));
    const status = s.get('custom.hardware.network.interface.status')!;
    expect(status.map((x) => [x.resource_id, x.volume])).toEqual([['h.lo', 1], ['h.ifb0', 0], ['h.ifb1', 0], ['h.eth0', 1]]);
    expect(status[3]!.resource_metadata).toMatchObject({ name: 'eth0', mac: '02fc00000001', ip: '192.0.2.2', oper_status: 1, admin_status: 1 });
  });
});
