/**
 * The inspector against libvirt's test driver (`test:///abs/node.xml`, virsh only, no daemon):
 * discovery data, the per-domain fallbacks the test driver needs, one bulk read per cycle, the
 * cached XML, and a virsh killed mid-run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InspectorNoDataError, InstanceNotFoundError, InstanceShutOffError, type ComputeInstance, type PollCycle } from '@ceilometer-ts/sdk';
import { libvirtTestDriverUri } from '@ceilometer-ts/test-services';
import { LibvirtInspector, LibvirtUnavailableError } from '../src/index.js';
import { contextOf, fixtures, instanceOf, newCycle, recordingLogger } from './helpers.js';

const NODE = join(fixtures, 'libvirt-test-node3.xml');
const ID1 = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';
const ID3 = '33333333-3333-4333-8333-333333333333';

const open: LibvirtInspector[] = [];
function inspector(uri: string, extra: Record<string, unknown> = {}, logger = recordingLogger()): LibvirtInspector {
  const i = new LibvirtInspector(contextOf({ 'DEFAULT.libvirt_uri': uri, ...extra }, logger));
  open.push(i);
  return i;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((i) => i.close()));
});

/** The four per-instance inspections, each bound to `insp` (their results differ in type). */
function inspections(insp: LibvirtInspector): Array<(instance: ComputeInstance, cycle: PollCycle) => Promise<unknown>> {
  return [
    (instance, cycle) => insp.inspectInstance(instance, cycle),
    (instance, cycle) => insp.inspectVnics(instance, cycle),
    (instance, cycle) => insp.inspectDisks(instance, cycle),
    (instance, cycle) => insp.inspectDiskInfo(instance, cycle),
  ];
}

/** The node XML with domain 3 shut off (the test driver's `<test:runstate>` extension). */
function nodeWithShutoff(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-libvirt-node-'));
  let xml = readFileSync(NODE, 'utf8').replaceAll("<domain type='test'>", "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>");
  const end = xml.indexOf('</devices>', xml.indexOf('instance-00000003')) + '</devices>'.length;
  xml = `${xml.slice(0, end)}<test:runstate>5</test:runstate>${xml.slice(end)}`;
  const path = join(dir, 'node.xml');
  writeFileSync(path, xml);
  return path;
}

describe('LibvirtInspector on the test driver', () => {
  it('lists every domain with its Nova metadata from one bulk read and one XML read per domain', async () => {
    const insp = inspector(libvirtTestDriverUri(NODE));
    const domains = await insp.listDomains(newCycle());
    expect(domains.map((d) => [d.uuid, d.name, d.state, d.osType, d.arch, d.maxMemoryKiB])).toEqual([
      [ID1, 'instance-00000001', 1, 'hvm', 'x86_64', 2097152],
      [ID2, 'instance-00000002', 1, 'hvm', 'x86_64', 8388608],
      [ID3, 'instance-00000003', 1, 'hvm', 'x86_64', 4194304],
    ]);
    expect(domains[1]!.nova).toMatchObject({ name: 'db-1', userId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2', projectId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2', rootImageId: null });
    expect(insp.reader.stats).toEqual({ bulkReads: 1, xmlReads: 3 });
    // The next cycle: one bulk read, XML from the cache (fingerprint unchanged).
    await insp.listDomains(newCycle());
    expect(insp.reader.stats).toEqual({ bulkReads: 2, xmlReads: 3 });
    expect(insp.session.stats.spawns).toBe(1);
  });

  it('serves every pollster of a cycle from one bulk read; memory, vNICs and disk info through the fallbacks', async () => {
    const insp = inspector(libvirtTestDriverUri(NODE));
    const cycle = newCycle();
    const i1 = instanceOf(ID1, 'instance-00000001');
    const [stats, again] = await Promise.all([insp.inspectInstance(i1, cycle), insp.inspectInstance(i1, cycle)]);
    expect(again).toEqual(stats);
    // Upstream from the test driver: cpu_time 0 (no vcpu group), memory from memoryStats (balloon).
    expect(stats).toMatchObject({ powerState: 1, cpuTime: 0, memoryActual: 2048, memoryAvailable: 2048, memoryUsage: 1024, memoryResident: 1024, memorySwapIn: 0, memorySwapOut: 0, memoryMax: 2048 });
    expect(stats.cpuNumber).toBeUndefined();
    // Domain 3 has no <memballoon>: memoryStats is empty, so no memory meters.
    const s3 = await insp.inspectInstance(instanceOf(ID3), cycle);
    expect(s3.memoryUsage).toBeUndefined();
    expect(s3.memoryMax).toBe(4096);

    const vnics = await insp.inspectVnics(instanceOf(ID2), cycle);
    expect(vnics.map((v) => [v.name, v.mac, v.parameters['interfaceid']])).toEqual([
      ['tapdddddddd-02', 'fa:16:3e:22:22:02', 'dddddddd-dddd-4ddd-8ddd-dddddddddd02'],
      ['tapdddddddd-03', 'fa:16:3e:22:22:03', 'dddddddd-dddd-4ddd-8ddd-dddddddddd03'],
    ]);
    expect(vnics[0]!.rxBytes).toBeGreaterThan(0);

    const info = await insp.inspectDiskInfo(i1, cycle);
    expect(info).toEqual([
      { device: 'vda', capacity: 1099511627776, allocation: 1099511627776, physical: 1099511627776 },
      { device: 'sda', capacity: 1099511627776, allocation: 1099511627776, physical: 1099511627776 },
    ]);
    // No block statistics on the test driver (upstream: blockStatsFlags unsupported, no samples).
    await expect(insp.inspectDisks(i1, cycle)).rejects.toBeInstanceOf(InspectorNoDataError);
    await insp.inspectVnics(instanceOf(ID2), cycle);
    await insp.inspectDiskInfo(i1, cycle);
    expect(insp.reader.stats.bulkReads).toBe(1);
    // Round trips: list+domstats, the 3 dumpxml, then one per fallback kind for every domain that
    // needs it (3 dommemstat, 4 domifstat, 3 domblkinfo --all): 5 in one process.
    expect(insp.session.stats).toMatchObject({ calls: 5, commands: 2 + 3 + 3 + 4 + 3, spawns: 1, failures: 0 });
  });

  it('an instance with no domain is InstanceNotFoundError; a shut-off one InstanceShutOffError', async () => {
    const insp = inspector(libvirtTestDriverUri(nodeWithShutoff()));
    const cycle = newCycle();
    await expect(insp.inspectInstance(instanceOf('99999999-0000-4000-8000-000000000000'), cycle)).rejects.toBeInstanceOf(InstanceNotFoundError);
    expect((await insp.listDomains(cycle)).map((d) => d.state)).toEqual([1, 1, 5]);
    for (const call of inspections(insp)) {
      await expect(call(instanceOf(ID3), cycle)).rejects.toBeInstanceOf(InstanceShutOffError);
    }
  });

  it('expected failures are one shared error, not one Error with a stack per instance per cycle', async () => {
    const insp = inspector(libvirtTestDriverUri(nodeWithShutoff()));
    const caught = async (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);
    const errors: unknown[] = [];
    for (const cycle of [newCycle(), newCycle()]) {
      for (const call of inspections(insp)) errors.push(await caught(call(instanceOf(ID3), cycle)));
    }
    expect(errors[0]).toBeInstanceOf(InstanceShutOffError);
    expect(new Set(errors).size).toBe(1);
    const noData = [await caught(insp.inspectDisks(instanceOf(ID1), newCycle())), await caught(insp.inspectDisks(instanceOf(ID2), newCycle()))];
    expect(noData[0]).toBeInstanceOf(InspectorNoDataError);
    expect(noData[1]).toBe(noData[0]);
  });

  it('reports a shut-off domain with report_stopped_instance_metrics: power state, vCPUs, memory, disk info', async () => {
    const insp = inspector(libvirtTestDriverUri(nodeWithShutoff()), { 'compute.report_stopped_instance_metrics': true });
    const cycle = newCycle();
    expect(await insp.inspectInstance(instanceOf(ID3), cycle)).toMatchObject({ powerState: 5, cpuNumber: 4, memoryActual: 4096, memoryMax: 4096 });
    expect(await insp.inspectDiskInfo(instanceOf(ID3), cycle)).toEqual([{ device: 'vda', capacity: 1099511627776, allocation: 1099511627776, physical: 1099511627776 }]);
    await expect(insp.inspectVnics(instanceOf(ID3), cycle)).rejects.toBeInstanceOf(InstanceShutOffError);
    await expect(insp.inspectDisks(instanceOf(ID3), cycle)).rejects.toBeInstanceOf(InstanceShutOffError);
  });

  it('a virsh killed mid-run: the call fails with a typed error, the outage is logged once, the next cycle recovers', async () => {
    const logger = recordingLogger();
    const insp = inspector(libvirtTestDriverUri(NODE), {}, logger);
    await insp.listDomains(newCycle());
    const pid = insp.session.pid!;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Kill it while a call is in flight.
      const pending = insp.listDomains(newCycle());
      process.kill(pid, 'SIGKILL');
      const error = await pending.then(
        () => undefined,
        (e: unknown) => e,
      );
      // The call either finished before the kill landed or failed with the typed error.
      if (error !== undefined) expect(error).toBeInstanceOf(LibvirtUnavailableError);
      // Idle kill too: the next call starts a new virsh straight away.
      if (insp.session.pid) process.kill(insp.session.pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 100));
      let recovered: readonly unknown[] | undefined;
      for (let i = 0; i < 40 && !recovered; i++) {
        recovered = await insp.listDomains(newCycle()).catch(() => undefined);
        if (!recovered) await new Promise((r) => setTimeout(r, 100));
      }
      expect(recovered).toHaveLength(3);
      expect(insp.session.stats.spawns).toBeGreaterThanOrEqual(2);
      const warns = logger.lines.filter((l) => l.level === 'warn');
      expect(warns.length).toBeLessThanOrEqual(1);
      if (error !== undefined) {
        expect(warns).toHaveLength(1);
        expect(logger.lines.filter((l) => l.level === 'info' && l.msg.startsWith('libvirt reachable again'))).toHaveLength(1);
      }
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
