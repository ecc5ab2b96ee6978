import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { HardwareHost, OidValue } from '@ceilometer-ts/sdk';
import { LocalInspector, LOCAL_HOST_URL, LocalHostDiscovery, selectOids } from '../src/index.js';
import { fakeConfig, fakeContext, fakeCycle, FixtureReader } from './helpers.js';

const LOCAL: HardwareHost = { url: new URL(LOCAL_HOST_URL), resourceUrl: LOCAL_HOST_URL, hostname: 'localhost' };
const ALL = { scalars: [], subtrees: ['1.3.6.1.2.1', '1.3.6.1.4.1.2021'] };
const v = (mib: ReadonlyMap<string, OidValue>, oid: string) => mib.get(oid)?.value;

describe('virtual MIB from the fixture /proc', () => {
  it('serves what snmpd would, with its types', async () => {
    const reader = new FixtureReader();
    const mib = await new LocalInspector(fakeContext(reader)).inspect(LOCAL, ALL, fakeCycle());
    expect(mib.get('1.3.6.1.2.1.1.3.0')).toEqual({ type: 'TimeTicks', value: 1234567 });
    expect(v(mib, '1.3.6.1.2.1.1.5.0')).toBe('node-1');
    expect(mib.get('1.3.6.1.4.1.2021.10.1.3.1')).toEqual({ type: 'OctetString', value: '0.22' });
    expect(mib.get('1.3.6.1.4.1.2021.11.50.0')).toEqual({ type: 'Counter32', value: 18842 });
    expect(v(mib, '1.3.6.1.4.1.2021.11.53.0')).toBe(318766);
    expect(v(mib, '1.3.6.1.4.1.2021.11.55.0')).toBe(0); // ssCpuRawKernel, as net-snmp on Linux
    expect(v(mib, '1.3.6.1.4.1.2021.11.9.0')).toBeUndefined(); // no history yet
    expect(mib.get('1.3.6.1.4.1.2021.4.5.0')).toEqual({ type: 'Integer', value: 24683620 });
    expect(v(mib, '1.3.6.1.4.1.2021.4.6.0')).toBe(24127260);
    expect(v(mib, '1.3.6.1.4.1.2021.4.15.0')).toBe(269440 + 117456);
    expect(v(mib, '1.3.6.1.4.1.2021.11.57.0')).toBe(892756 * 2);
    // interfaces by /sys ifindex; those without one numbered after it
    expect(v(mib, '1.3.6.1.2.1.2.2.1.2.2')).toBe('eth0');
    expect(v(mib, '1.3.6.1.2.1.2.2.1.2.1')).toBe('lo');
    expect(mib.get('1.3.6.1.2.1.31.1.1.1.6.2')).toEqual({ type: 'Counter64', value: 181939572 });
    expect(mib.get('1.3.6.1.2.1.2.2.1.10.2')).toEqual({ type: 'Counter32', value: 181939572 });
    expect(v(mib, '1.3.6.1.2.1.2.2.1.5.2')).toBe(2 ** 32 - 1); // 10 Gbit/s saturates ifSpeed
    expect(v(mib, '1.3.6.1.2.1.31.1.1.1.15.2')).toBe(10000);
    expect(v(mib, '1.3.6.1.2.1.2.2.1.6.2')).toBe('0x02fc00000001');
    expect(v(mib, '1.3.6.1.2.1.2.2.1.6.1')).toBe('');
    expect([v(mib, '1.3.6.1.2.1.2.2.1.8.2'), v(mib, '1.3.6.1.2.1.2.2.1.8.1'), v(mib, '1.3.6.1.2.1.2.2.1.3.1')]).toEqual([1, 1, 24]);
    expect(v(mib, '1.3.6.1.2.1.4.20.1.2.192.0.2.10')).toBe(2);
    expect(v(mib, '1.3.6.1.2.1.4.3.0')).toBe(9190);
    // filesystems and block devices
    expect([v(mib, '1.3.6.1.4.1.2021.9.1.2.1'), v(mib, '1.3.6.1.4.1.2021.9.1.3.1'), v(mib, '1.3.6.1.4.1.2021.9.1.6.1'), v(mib, '1.3.6.1.4.1.2021.9.1.8.1')]).toEqual(['/', '/dev/vda', 102400, 61440]);
    expect([v(mib, '1.3.6.1.4.1.2021.13.15.1.1.2.1'), v(mib, '1.3.6.1.4.1.2021.13.15.1.1.12.1'), v(mib, '1.3.6.1.4.1.2021.13.15.1.1.5.1')]).toEqual(['vda', 2538498 * 512, 48830]);
    expect(mib.get('1.3.6.1.4.1.2021.13.15.1.1.3.1')).toEqual({ type: 'Counter32', value: (2538498 * 512) % 2 ** 32 });
  });

  it('reads the machine once per cycle and serves percentages from the second cycle', async () => {
    const reader = new FixtureReader();
    const inspector = new LocalInspector(fakeContext(reader));
    const cycle = fakeCycle();
    await inspector.inspect(LOCAL, ALL, cycle);
    await inspector.inspect(LOCAL, { scalars: ['1.3.6.1.4.1.2021.4.5.0'], subtrees: [] }, cycle);
    expect(reader.reads.get('/proc/stat')).toBe(1);
    reader.overrides.set('/proc/stat', (await reader.readText('/proc/stat')).replace(/^cpu .*$/m, 'cpu  18942 0 13774 319566 764 0 407 0 0 0'));
    const next = await inspector.inspect(LOCAL, { scalars: ['1.3.6.1.4.1.2021.11.11.0', '1.3.6.1.4.1.2021.11.9.0'], subtrees: [] }, fakeCycle());
    // Δuser 100, Δsystem 100, Δidle 800 of 1000 ticks
    expect([v(next, '1.3.6.1.4.1.2021.11.9.0'), v(next, '1.3.6.1.4.1.2021.11.11.0')]).toEqual([10, 80]);
  });

  it('names the host after [DEFAULT] host when set, and refuses other schemes', async () => {
    const inspector = new LocalInspector(fakeContext(new FixtureReader(), fakeConfig({ 'DEFAULT.host': 'compute-7' })));
    expect(v(await inspector.inspect(LOCAL, { scalars: ['1.3.6.1.2.1.1.5.0'], subtrees: [] }, fakeCycle()), '1.3.6.1.2.1.1.5.0')).toBe('compute-7');
    const snmp = { url: new URL('snmp://10.0.0.5'), resourceUrl: 'snmp://10.0.0.5', hostname: '10.0.0.5' };
    await expect(inspector.inspect(snmp, ALL, fakeCycle())).rejects.toMatchObject({ code: 'CEILO_ERR_INSPECTOR' });
  });

  it('selects subtrees on an OID boundary', () => {
    const mib = new Map<string, OidValue>([['1.3.6.1.2.1.2.2.1.1.1', { type: 'Integer', value: 1 }], ['1.3.6.1.2.1.2.2.1.10.1', { type: 'Counter32', value: 5 }]]);
    expect([...selectOids(mib, { scalars: [], subtrees: ['1.3.6.1.2.1.2.2.1.1'] }).keys()]).toEqual(['1.3.6.1.2.1.2.2.1.1.1']);
  });

  it('discovers local://localhost, unpartitioned', async () => {
    const d = new LocalHostDiscovery();
    expect(d.groupId).toBeNull();
    expect(await d.discover(fakeCycle())).toEqual(['local://localhost']);
  });
});

describe.runIf(existsSync('/proc/stat'))("this machine's real /proc", () => {
  it('serves the OIDs every hardware meter reads', async () => {
    const inspector = new LocalInspector();
    const mib = await inspector.inspect(LOCAL, ALL, fakeCycle());
    expect(v(mib, '1.3.6.1.2.1.1.5.0')).toBe(hostname());
    expect(Number(v(mib, '1.3.6.1.4.1.2021.4.5.0'))).toBeGreaterThan(0);
    expect(Number(v(mib, '1.3.6.1.4.1.2021.11.53.0'))).toBeGreaterThan(0);
    expect(Number(v(mib, '1.3.6.1.2.1.1.3.0'))).toBeGreaterThan(0);
    expect([...mib.keys()].some((o) => o.startsWith('1.3.6.1.2.1.2.2.1.2.'))).toBe(true);
    expect([...mib.values()].some((x) => x.value === 'lo')).toBe(true);
    for (const value of mib.values()) {
      if (value.type !== 'OctetString' && value.type !== 'IpAddress') expect(typeof value.value === 'number' || typeof value.value === 'bigint').toBe(true);
    }
    await new Promise((r) => setTimeout(r, 50));
    const again = await inspector.inspect(LOCAL, { scalars: ['1.3.6.1.4.1.2021.11.11.0'], subtrees: [] }, fakeCycle());
    const idle = v(again, '1.3.6.1.4.1.2021.11.11.0');
    if (idle !== undefined) expect(Number(idle)).toBeGreaterThanOrEqual(0);
  });
});
