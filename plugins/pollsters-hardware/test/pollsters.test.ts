// Every packaged meter computed from a recorded OID snapshot (the local inspector on a real host).
import { describe, expect, it } from 'vitest';
import type { OidValue, Pollster, Sample } from '@ceilometer-ts/sdk';
import {
  CustomHardwarePollsterBuilder,
  GenericHardwarePollster,
  HardwareRuntime,
  HardwareSnmpPollsterBuilder,
  parseDefinitions,
} from '../src/index.js';
import { parseLocatedYaml } from '@ceilometer-ts/located-yaml';
import { byName, fakeContext, fakeCycle, loadSnapshot, SnapshotInspector, snapshot } from './helpers.js';

const URL_WITH_SECRETS = 'snmp://ro_user:authkey123@10.0.0.5:1161?auth_proto=sha&priv_proto=aes128&priv_password=privsecret';
const RESOURCE_URL = 'snmp://10.0.0.5:1161?auth_proto=sha&priv_proto=aes128';

async function pollAll(pollsters: readonly { name: string; pollster: Pollster }[], resources: unknown[], cycle = fakeCycle()): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const { pollster } of pollsters) out.push(...((await pollster.getSamples(cycle, resources)) as Sample[]));
  return out;
}

const num = (mib: Map<string, OidValue>, oid: string): number => Number(mib.get(oid)!.value);

describe('declarative hardware.* meters over a recorded snapshot', async () => {
  const mib = loadSnapshot('local-snapshot-2.json');
  const inspector = new SnapshotInspector();
  inspector.snapshots.set(RESOURCE_URL, mib);
  const ctx = fakeContext(inspector);
  const pollsters = await new HardwareSnmpPollsterBuilder(ctx).buildPollsters();
  const samples = byName(await pollAll(pollsters, [URL_WITH_SECRETS]));
  const one = (name: string): Sample => samples.get(name)![0]!;

  it('serves every definition', () => {
    expect(pollsters).toHaveLength(36);
    for (const { name } of pollsters) expect(samples.get(name)?.length ?? 0, name).toBeGreaterThan(0);
  });

  it('computes host-level values as Stein did', () => {
    expect(one('hardware.cpu.load.1min').volume).toBe(Number(mib.get('1.3.6.1.4.1.2021.10.1.3.1')!.value));
    expect(one('hardware.memory.used').volume).toBe(num(mib, '1.3.6.1.4.1.2021.4.5.0') - num(mib, '1.3.6.1.4.1.2021.4.6.0'));
    expect(one('hardware.cpu.user').volume).toBe(num(mib, '1.3.6.1.4.1.2021.11.50.0'));
    expect(one('hardware.network.ip.incoming.datagrams').volume).toBe(num(mib, '1.3.6.1.2.1.4.3.0'));
    expect(one('hardware.memory.total')).toMatchObject({ type: 'gauge', unit: 'KB', resource_id: '10.0.0.5', source: 'hardware', timestamp: '2026-11-23T19:00:00' });
    expect(one('hardware.memory.total').resource_metadata).toEqual({ resource_url: RESOURCE_URL });
  });

  it('gives interfaces their own resource with name, speed, mac and ip', () => {
    const eth0 = samples.get('hardware.network.incoming.bytes')!.find((s) => s.resource_id === '10.0.0.5.eth0')!;
    expect(eth0.volume).toBe(num(mib, '1.3.6.1.2.1.31.1.1.1.6.4'));
    expect(eth0.resource_metadata).toEqual({
      name: 'eth0', speed: num(mib, '1.3.6.1.2.1.2.2.1.5.4') / 8, mac: '02fc00000001', ip: '192.0.2.2', resource_url: RESOURCE_URL,
    });
    expect(samples.get('hardware.network.incoming.bytes')!.map((s) => s.resource_id)).toEqual(['10.0.0.5.lo', '10.0.0.5.ifb0', '10.0.0.5.ifb1', '10.0.0.5.eth0']);
    const packets = samples.get('hardware.network.incoming.packets')!.find((s) => s.resource_id === '10.0.0.5.eth0')!;
    expect(packets.volume).toBe(num(mib, '1.3.6.1.2.1.31.1.1.1.7.4') + num(mib, '1.3.6.1.2.1.31.1.1.1.8.4') + num(mib, '1.3.6.1.2.1.31.1.1.1.9.4'));
  });

  it('gives disks their own resource with device metadata', () => {
    const vda = samples.get('hardware.disk.read.bytes')!.find((s) => s.resource_id === '10.0.0.5.vda')!;
    expect(vda.volume).toBe(num(mib, '1.3.6.1.4.1.2021.13.15.1.1.3.1'));
    expect(vda.resource_metadata).toEqual({ device: 'vda', resource_url: RESOURCE_URL });
    expect(samples.get('hardware.disk.write.requests')!.map((s) => s.resource_id)).toEqual(['10.0.0.5.vda', '10.0.0.5.zram0']);
    expect(one('hardware.disk.size.total')).toMatchObject({ resource_id: '10.0.0.5./dev/vda', volume: num(mib, '1.3.6.1.4.1.2021.9.1.6.1') });
    expect(one('hardware.disk.size.total').resource_metadata).toMatchObject({ device: '/dev/vda', path: '/' });
  });

  it('never publishes credentials', () => {
    const text = JSON.stringify([...samples.values()]);
    for (const secret of ['authkey123', 'privsecret', 'ro_user', 'priv_password']) expect(text).not.toContain(secret);
  });
});

describe('fetching', () => {
  it('after the first cycle, one inspector call per host serves every meter', async () => {
    const inspector = new SnapshotInspector();
    inspector.snapshots.set('snmp://10.0.0.5', loadSnapshot('local-snapshot-1.json'));
    const ctx = fakeContext(inspector);
    const pollsters = [...(await new HardwareSnmpPollsterBuilder(ctx).buildPollsters()), ...(await new CustomHardwarePollsterBuilder(ctx).buildPollsters())];
    await pollAll(pollsters, ['snmp://10.0.0.5']);
    const firstCycle = inspector.calls.length;
    expect(firstCycle).toBeGreaterThan(1);
    await pollAll(pollsters, ['snmp://10.0.0.5']);
    expect(inspector.calls.length - firstCycle).toBe(1);
  });

  it('a failing host costs one inspector call per cycle and does not stop the good one', async () => {
    const inspector = new SnapshotInspector();
    inspector.snapshots.set('snmp://10.0.0.5', loadSnapshot('local-snapshot-1.json'));
    inspector.failing.add('snmp://10.0.0.6');
    const pollsters = await new HardwareSnmpPollsterBuilder(fakeContext(inspector)).buildPollsters();
    const samples = await pollAll(pollsters, ['snmp://10.0.0.6', 'snmp://10.0.0.5', 'not a url']);
    expect(samples.length).toBeGreaterThan(36);
    expect(samples.every((s) => s.resource_id.startsWith('10.0.0.5'))).toBe(true);
    expect(inspector.calls.filter((c) => c.host.resourceUrl === 'snmp://10.0.0.6')).toHaveLength(1);
  });

  it('says clearly when the agent registered no inspectors', async () => {
    const ctx = fakeContext(undefined);
    const errors: string[] = [];
    const logger = { ...ctx.logger, warn: (_o: unknown, msg?: string) => void errors.push(String(msg)) } as typeof ctx.logger;
    const pollsters = await new HardwareSnmpPollsterBuilder({ ...ctx, logger }).buildPollsters();
    expect(await pollsters[0]!.pollster.getSamples(fakeCycle(), ['snmp://10.0.0.5'])).toEqual([]);
    expect(errors[0]).toMatch(/"hardware.inspectors" service is not registered/);
  });

  it('matches prefixes on an OID boundary (Stein matched ifIndex .1 against .10)', async () => {
    const y = parseLocatedYaml(`metric:
  - name: test.ifindex
    unit: x
    type: gauge
    snmp_inspector: {matching_type: type_prefix, oid: "1.3.6.1.2.1.2.2.1.1", type: int}
`, 'x.yaml');
    const def = parseDefinitions(y).definitions[0]!;
    const inspector = new SnapshotInspector();
    inspector.snapshots.set('snmp://h', snapshot({
      '1.3.6.1.2.1.2.2.1.1.1': ['Integer', 1],
      '1.3.6.1.2.1.2.2.1.1.2': ['Integer', 2],
      '1.3.6.1.2.1.2.2.1.10.1': ['Counter32', 999],
      '1.3.6.1.2.1.2.2.1.10.2': ['Counter32', 888],
    }));
    const pollster = new GenericHardwarePollster(def, HardwareRuntime.of(fakeContext(inspector)));
    const samples = await pollster.getSamples(fakeCycle(), ['snmp://h']);
    expect(samples.map((s) => s.volume)).toEqual([1, 2]);
  });

  it('uses the 32-bit fallback column when the agent has no ifXTable', async () => {
    const inspector = new SnapshotInspector();
    inspector.snapshots.set('snmp://h', snapshot({
      '1.3.6.1.2.1.2.2.1.2.7': ['OctetString', 'ens192'],
      '1.3.6.1.2.1.2.2.1.10.7': ['Counter32', 4242],
    }));
    const pollsters = await new HardwareSnmpPollsterBuilder(fakeContext(inspector)).buildPollsters();
    const bytes = pollsters.find((p) => p.name === 'hardware.network.incoming.bytes')!;
    expect(await bytes.pollster.getSamples(fakeCycle(), ['snmp://h'])).toMatchObject([{ volume: 4242, resource_id: 'h.ens192', resource_metadata: { name: 'ens192', ip: '' } }]);
  });
});
