import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InspectorNoDataError, InstanceNotFoundError, InstanceShutOffError, ComputeInspectorError, type PluginContext, type Pollster, type ComputeInstance } from '@ceilometer-ts/sdk';
import * as compute from '../src/index.js';
import { inspectCached } from '../src/inspection.js';
import { disk, fakeContext, fakeCycle, FakeInspector, instance, INSTANCE_ID, poll, recordingLogger, vnic } from './helpers.js';

type Cls = new (ctx: PluginContext) => Pollster<ComputeInstance>;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { ceilometer: { entryPoints: Record<string, Record<string, string>> } };
const entryPoints = pkg.ceilometer.entryPoints['ceilometer.poll.compute']!;
const classOf = (meter: string): Cls => (compute as unknown as Record<string, Cls>)[entryPoints[meter]!.split(':')[1]!]!;

/** Upstream 19.0's and master's ceilometer.poll.compute entry points, plus the seed's memory.util. */
const UPSTREAM = [
  'cpu', 'cpu_l3_cache', 'cpu_util', 'vcpus', 'memory', 'memory.available', 'memory.usage', 'memory.resident', 'memory.swap.in', 'memory.swap.out',
  'memory.bandwidth.total', 'memory.bandwidth.local', 'disk.device.read.requests', 'disk.device.read.bytes', 'disk.device.write.requests',
  'disk.device.write.bytes', 'disk.device.read.latency', 'disk.device.write.latency', 'disk.device.capacity', 'disk.device.allocation',
  'disk.device.usage', 'disk.device.iops', 'disk.device.latency', 'disk.root.size', 'disk.ephemeral.size', 'network.incoming.bytes',
  'network.incoming.packets', 'network.outgoing.bytes', 'network.outgoing.packets', 'network.incoming.packets.drop', 'network.outgoing.packets.drop',
  'network.incoming.packets.error', 'network.outgoing.packets.error', 'network.incoming.bytes.delta', 'network.outgoing.bytes.delta',
  'network.incoming.bytes.rate', 'network.outgoing.bytes.rate', 'perf.cpu.cycles', 'perf.instructions', 'perf.cache.references', 'perf.cache.misses',
  'power.state', 'memory.util',
];

const BASE_KEYS = [
  'display_name', 'name', 'instance_id', 'instance_type', 'host', 'instance_host', 'flavor', 'status', 'state', 'task_state', 'image', 'image_ref',
  'image_ref_url', 'architecture', 'os_type', 'vcpus', 'memory_mb', 'disk_gb', 'ephemeral_gb', 'root_gb', 'user_metadata',
].sort();

function setup(values: Record<string, unknown> = {}) {
  const inspector = new FakeInspector();
  const logger = recordingLogger();
  const ctx = fakeContext(inspector, values, logger);
  const make = (meter: string) => new (classOf(meter))(ctx);
  return { inspector, logger, ctx, make };
}

describe('entry points', () => {
  it('declares every upstream compute pollster, each class serving its own meter', () => {
    expect(Object.keys(entryPoints).sort()).toEqual([...UPSTREAM].sort());
    for (const meter of UPSTREAM) expect((classOf(meter) as unknown as { meterName: string }).meterName).toBe(meter);
  });
});

describe('instance stats meters', () => {
  const stats = {
    powerState: 1, cpuNumber: 2, cpuTime: 5e9, memoryActual: 2048, memoryAvailable: 1900, memoryUsage: 512, memoryResident: 600,
    memorySwapIn: 1, memorySwapOut: 2, cpuCycles: 10, instructions: 11, cacheReferences: 12, cacheMisses: 13,
  };
  const expected: [string, string, string, number][] = [
    ['power.state', 'gauge', '', 1], ['cpu', 'cumulative', 'ns', 5e9], ['vcpus', 'gauge', 'vcpu', 2], ['memory', 'gauge', 'MiB', 2048],
    ['memory.available', 'gauge', 'MiB', 1900], ['memory.usage', 'gauge', 'MiB', 512], ['memory.resident', 'gauge', 'MiB', 600],
    ['memory.swap.in', 'cumulative', 'MiB', 1], ['memory.swap.out', 'cumulative', 'MiB', 2], ['memory.util', 'gauge', '%', 25],
    ['perf.cpu.cycles', 'gauge', '', 10], ['perf.instructions', 'gauge', '', 11], ['perf.cache.references', 'gauge', '', 12], ['perf.cache.misses', 'gauge', '', 13],
  ];
  it.each(expected)('%s: type %s, unit "%s", volume %d, resource id = instance id, upstream metadata', async (meter, type, unit, volume) => {
    const { inspector, make } = setup();
    inspector.stats.set(INSTANCE_ID, stats);
    const [sample, ...rest] = await poll(make(meter), fakeCycle(), [instance()]);
    expect(rest).toHaveLength(0);
    expect(sample).toMatchObject({ name: meter, type, unit, volume, resource_id: INSTANCE_ID, user_id: 'user-1', project_id: 'project-1' });
    const keys = Object.keys(sample!.resource_metadata).sort();
    expect(keys).toEqual(meter === 'cpu' ? [...BASE_KEYS, 'cpu_number'].sort() : BASE_KEYS);
    expect(sample!.resource_metadata).toMatchObject({
      display_name: 'vm-one', name: 'instance-00000001', instance_type: 'm1.small', status: 'active', state: 'running', task_state: '',
      image_ref: 'image-1', image_ref_url: null, root_gb: 15, memory_mb: 2048, user_metadata: { stack: 'heat-1' },
    });
  });

  it('one inspector call per instance per cycle, whatever the number of pollsters; one metadata object shared', async () => {
    const { inspector, make } = setup();
    inspector.stats.set(INSTANCE_ID, stats);
    const cycle = fakeCycle();
    const one = instance();
    const a = await poll(make('memory'), cycle, [one]);
    const b = await poll(make('vcpus'), cycle, [one]);
    expect(inspector.calls).toBe(1);
    expect(a[0]!.resource_metadata).toBe(b[0]!.resource_metadata);
  });

  it('cpu_util: nothing on the first poll, then CPU time over wall time in percent of the vCPUs', async () => {
    const { inspector, make, ctx } = setup();
    const pollster = make('cpu_util');
    let now = 100;
    compute.ComputeRuntime.of(ctx).clock = () => now;
    inspector.stats.set(INSTANCE_ID, { cpuNumber: 2, cpuTime: 10e9 });
    expect(await poll(pollster, fakeCycle(), [instance()])).toEqual([]);
    now = 110;
    inspector.stats.set(INSTANCE_ID, { cpuNumber: 2, cpuTime: 15e9 });
    const [sample] = await poll(pollster, fakeCycle(), [instance()]);
    expect(sample).toMatchObject({ name: 'cpu_util', type: 'gauge', unit: '%', volume: 25 });
  });

  it('a meter the inspector cannot give is said unsupported once (info), then at debug; no sample', async () => {
    const { inspector, make, logger } = setup();
    inspector.stats.set(INSTANCE_ID, { cpuTime: 1 });
    const pollster = make('perf.cpu.cycles');
    for (let i = 0; i < 3; i++) expect(await poll(pollster, fakeCycle(), [instance(), instance({ id: 'other' })])).toEqual([]);
    const lines = logger.lines.filter(([, m]) => m.startsWith('perf.cpu.cycles'));
    expect(lines.map(([level]) => level)).toEqual(['info', 'debug', 'debug']);
    expect(lines[0]![1]).toContain('said once');
    const noData = setup();
    noData.inspector.stats.set(INSTANCE_ID, new InspectorNoDataError('perf events disabled'));
    await poll(noData.make('cpu_l3_cache'), fakeCycle(), [instance()]);
    expect(noData.logger.lines.filter(([level]) => level === 'info')[0]![1]).toContain('perf events disabled');
  });

  it('gone and shut-off instances are skipped at debug; a hypervisor failure is reported per resource', async () => {
    const { inspector, make, logger } = setup();
    inspector.stats.set('gone', new InstanceNotFoundError('no domain'));
    inspector.stats.set('off', new InstanceShutOffError('SHUTOFF'));
    inspector.stats.set('broken', new ComputeInspectorError('timeout'));
    inspector.stats.set(INSTANCE_ID, { cpuNumber: 1 });
    const failed: unknown[] = [];
    const cycle = { ...fakeCycle(), reportResourceFailure: (r: unknown) => failed.push(r) };
    const samples = await poll(make('vcpus'), cycle, [instance({ id: 'gone' }), instance({ id: 'off' }), instance({ id: 'broken' }), instance()]);
    expect(samples.map((s) => s.resource_id)).toEqual([INSTANCE_ID]);
    expect(failed).toHaveLength(1);
    expect(logger.lines.filter(([level]) => level !== 'debug')).toEqual([]);
    // One debug line per pollster and cycle for the skipped ones, not one per instance.
    expect(logger.lines.filter(([, m]) => m.includes('skipped')).map(([level, m]) => [level, m])).toEqual([['debug', 'vcpus: 2 instance(s) skipped (shut off or gone)']]);
  });
});

describe('cost per cycle', () => {
  it('gives an array, reads a settled inspection without waiting, and builds one resource id and metadata object per record for all meters', async () => {
    const { inspector, make } = setup();
    inspector.vnics.set(INSTANCE_ID, [vnic()]);
    const cycle = fakeCycle();
    const vm = instance();
    const first = make('network.incoming.bytes').getSamples(cycle, [vm]);
    expect(first).toBeInstanceOf(Promise);
    const a = (await first) as unknown;
    expect(Array.isArray(a)).toBe(true);
    const cached = inspectCached(cycle, inspector, 'inspectVnics', vm, () => 0);
    expect(cached).not.toBeInstanceOf(Promise);
    const [x] = a as { resource_metadata: unknown }[];
    const [y] = await poll(make('network.outgoing.packets'), cycle, [vm]);
    expect(y!.resource_metadata).toBe(x!.resource_metadata);
  });
});

describe('vNIC meters', () => {
  it('resource id <instance_name>-<instance id>-<vnic>, or the filter reference; upstream metadata', async () => {
    const { inspector, make } = setup();
    inspector.vnics.set(INSTANCE_ID, [vnic(), vnic({ name: 'tap1', fref: 'nova-instance-00000001-fa163e000002' })]);
    const samples = await poll(make('network.incoming.bytes'), fakeCycle(), [instance()]);
    expect(samples.map((s) => [s.name, s.type, s.unit, s.volume, s.resource_id])).toEqual([
      ['network.incoming.bytes', 'cumulative', 'B', 1000, `instance-00000001-${INSTANCE_ID}-tap0`],
      ['network.incoming.bytes', 'cumulative', 'B', 1000, 'nova-instance-00000001-fa163e000002'],
    ]);
    expect(samples[0]!.resource_metadata).toMatchObject({ name: 'tap0', mac: 'fa:16:3e:00:00:01', fref: null, vnic_name: 'tap0', parameters: { interfaceid: 'port-1', bridge: 'br-int' } });
    expect(samples[1]!.resource_metadata).toMatchObject({ vnic_name: 'nova-instance-00000001-fa163e000002' });
  });

  it.each([
    ['network.outgoing.bytes', 2000], ['network.incoming.packets', 10], ['network.outgoing.packets', 20], ['network.incoming.packets.drop', 1],
    ['network.outgoing.packets.drop', 2], ['network.incoming.packets.error', 3], ['network.outgoing.packets.error', 4],
  ])('%s reads its counter (%d)', async (meter, volume) => {
    const { inspector, make } = setup();
    inspector.vnics.set(INSTANCE_ID, [vnic()]);
    expect((await poll(make(meter), fakeCycle(), [instance()]))[0]).toMatchObject({ name: meter, type: 'cumulative', volume });
  });

  it('deltas: 0 on the first poll, then the change (the value itself after a reset), each under its own name', async () => {
    const { inspector, make } = setup();
    const incoming = make('network.incoming.bytes.delta');
    const outgoing = make('network.outgoing.bytes.delta');
    const volumes = async () => [...(await poll(incoming, fakeCycle(), [instance()])), ...(await poll(outgoing, fakeCycle(), [instance()]))].map((s) => [s.name, s.type, s.unit, s.volume]);
    inspector.vnics.set(INSTANCE_ID, [vnic()]);
    expect(await volumes()).toEqual([['network.incoming.bytes.delta', 'delta', 'B', 0], ['network.outgoing.bytes.delta', 'delta', 'B', 0]]);
    inspector.vnics.set(INSTANCE_ID, [vnic({ rxBytes: 1500, txBytes: 100 })]);
    expect(await volumes()).toEqual([['network.incoming.bytes.delta', 'delta', 'B', 500], ['network.outgoing.bytes.delta', 'delta', 'B', 100]]);
  });

  it('rates: nothing on the first poll, then bytes per second', async () => {
    const { inspector, make, ctx } = setup();
    let now = 0;
    compute.ComputeRuntime.of(ctx).clock = () => now;
    const rate = make('network.outgoing.bytes.rate');
    inspector.vnics.set(INSTANCE_ID, [vnic()]);
    expect(await poll(rate, fakeCycle(), [instance()])).toEqual([]);
    now = 4;
    inspector.vnics.set(INSTANCE_ID, [vnic({ txBytes: 3000 })]);
    expect((await poll(rate, fakeCycle(), [instance()]))[0]).toMatchObject({ name: 'network.outgoing.bytes.rate', type: 'gauge', unit: 'B/s', volume: 250 });
  });
});

describe('disk meters', () => {
  it.each([
    ['disk.device.read.requests', 'cumulative', 'request', 4], ['disk.device.read.bytes', 'cumulative', 'B', 4096],
    ['disk.device.write.requests', 'cumulative', 'request', 8], ['disk.device.write.bytes', 'cumulative', 'B', 8192],
    ['disk.device.read.latency', 'cumulative', 'ns', 4_000_000], ['disk.device.write.latency', 'cumulative', 'ns', 8_000_000],
  ])('%s: %s %s = %d, resource <instance id>-<device>, disk_name', async (meter, type, unit, volume) => {
    const { inspector, make } = setup();
    inspector.disks.set(INSTANCE_ID, [disk()]);
    const [sample] = await poll(make(meter), fakeCycle(), [instance()]);
    expect(sample).toMatchObject({ name: meter, type, unit, volume, resource_id: `${INSTANCE_ID}-vda` });
    expect(sample!.resource_metadata.disk_name).toBe('vda');
  });

  it.each([['disk.device.capacity', 30], ['disk.device.allocation', 10], ['disk.device.usage', 20]])('%s: gauge B', async (meter, volume) => {
    const { inspector, make } = setup();
    inspector.diskInfo.set(INSTANCE_ID, [{ device: 'vdb', capacity: 30, allocation: 10, physical: 20 }]);
    expect((await poll(make(meter), fakeCycle(), [instance()]))[0]).toMatchObject({ name: meter, type: 'gauge', unit: 'B', volume, resource_id: `${INSTANCE_ID}-vdb` });
  });

  it('disk.device.iops and disk.device.latency from two polls', async () => {
    const { inspector, make, ctx } = setup();
    let now = 0;
    compute.ComputeRuntime.of(ctx).clock = () => now;
    const iops = make('disk.device.iops');
    const latency = make('disk.device.latency');
    inspector.disks.set(INSTANCE_ID, [disk()]);
    expect(await poll(iops, fakeCycle(), [instance()])).toEqual([]);
    expect(await poll(latency, fakeCycle(), [instance()])).toEqual([]);
    now = 10;
    inspector.disks.set(INSTANCE_ID, [disk({ readRequests: 54, writeRequests: 58, readTotalTimes: 104_000_000, writeTotalTimes: 108_000_000 })]);
    expect((await poll(iops, fakeCycle(), [instance()]))[0]).toMatchObject({ type: 'gauge', unit: 'count/s', volume: 10 });
    expect((await poll(latency, fakeCycle(), [instance()]))[0]).toMatchObject({ type: 'gauge', unit: 'ms', volume: 2 });
  });

  it('disk.root.size and disk.ephemeral.size from the flavor, without inspecting (shut-off instances too)', async () => {
    const { inspector, make } = setup();
    const off = instance({ status: 'stopped' });
    expect((await poll(make('disk.root.size'), fakeCycle(), [off]))[0]).toMatchObject({ type: 'gauge', unit: 'GiB', volume: 15, resource_id: INSTANCE_ID });
    expect((await poll(make('disk.ephemeral.size'), fakeCycle(), [off]))[0]).toMatchObject({ type: 'gauge', unit: 'GiB', volume: 5 });
    expect(inspector.calls).toBe(0);
  });
});

describe('monitor_hardware.yaml instance: section', () => {
  it('keeps only the listed instance disks and vNICs; the host: section does not apply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compute-monitor-'));
    const file = join(dir, 'monitor_hardware.yaml');
    writeFileSync(file, 'host:\n  disk_name: [/dev/sda]\ninstance:\n  disk_name: [/dev/vda]\n  network_interface_name: [tap1]\n');
    const { inspector, make } = setup({ 'hardware.monitor_file': file });
    inspector.disks.set(INSTANCE_ID, [disk(), disk({ device: 'vdb' }), disk({ device: 'sda' })]);
    inspector.vnics.set(INSTANCE_ID, [vnic(), vnic({ name: 'tap1' })]);
    expect((await poll(make('disk.device.read.bytes'), fakeCycle(), [instance()])).map((s) => s.resource_metadata.disk_name)).toEqual(['vda']);
    expect((await poll(make('network.incoming.bytes'), fakeCycle(), [instance()])).map((s) => s.resource_metadata.vnic_name)).toEqual(['tap1']);
  });

  it("the seed deployment's empty instance: lists collect everything", async () => {
    const { inspector, make } = setup({ 'hardware.monitor_file': new URL('./fixtures/seed-monitor_hardware.yaml', import.meta.url).pathname });
    inspector.disks.set(INSTANCE_ID, [disk(), disk({ device: 'vdb' })]);
    expect(await poll(make('disk.device.read.bytes'), fakeCycle(), [instance()])).toHaveLength(2);
  });
});

describe('rate memory', () => {
  it('forgets resources not read for three times the longest gap between polls (at least ten minutes)', () => {
    const memory = new compute.RateMemory();
    memory.update('a', 1, 0);
    memory.update('b', 1, 0);
    memory.prune(0);
    for (let t = 60; t <= 600; t += 60) {
      memory.update('a', t, t);
      memory.prune(t);
    }
    expect(memory.size).toBe(2);
    memory.update('a', 700, 660);
    memory.prune(660);
    expect(memory.size).toBe(1);
    expect(memory.update('a', 1, 720)).toEqual({ delta: 1, baseDelta: 0, seconds: 60 });
  });
});

describe('shared metadata', () => {
  it('every meter of a vNIC or a disk shares one metadata object per record and cycle', async () => {
    const { inspector, make } = setup();
    inspector.vnics.set(INSTANCE_ID, [vnic()]);
    inspector.disks.set(INSTANCE_ID, [disk()]);
    const cycle = fakeCycle();
    const one = instance();
    const [a] = await poll(make('network.incoming.bytes'), cycle, [one]);
    const [b] = await poll(make('network.outgoing.packets'), cycle, [one]);
    const [c] = await poll(make('disk.device.read.bytes'), cycle, [one]);
    const [d] = await poll(make('disk.device.write.requests'), cycle, [one]);
    expect(a!.resource_metadata).toBe(b!.resource_metadata);
    expect(c!.resource_metadata).toBe(d!.resource_metadata);
  });
});
