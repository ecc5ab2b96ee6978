// The seed's hardware meters over a real net-snmp snmpd (Debian) through the real SNMP inspector
// (imported from its package source here, in the test only). Needs /usr/sbin/snmpd.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MapCycleCache, parseHardwareResourceUrl, type PollCycle, type Sample } from '@ceilometer-ts/sdk';
import { startSnmpd, type SnmpdService } from '@ceilometer-ts/test-services';
import { SnmpHardwareInspector } from '../../inspector-snmp/src/index.js';
import { CustomHardwarePollsterBuilder, HardwareSnmpPollsterBuilder } from '../src/index.js';
import { FIXTURES, fakeContext } from './helpers.js';

const seed = parse(readFileSync(`${FIXTURES}seed-polling.yaml`, 'utf8')) as { sources: { name: string; meters: string[] }[] };
const SEED_METERS = seed.sources.filter((s) => s.name === 'hardware_snmp' || s.name === 'user_defined').flatMap((s) => s.meters);
const SS = '1.3.6.1.4.1.2021.11';
const CPU = { user: 50, nice: 51, system: 52, idle: 53, wait: 54, interrupt: 56, softinterrupt: 61, steal: 64 };

const cycle = (): PollCycle => ({ cache: new MapCycleCache(), timestamp: '2026-11-23T19:00:00', sourceName: 'user_defined', signal: new AbortController().signal });

describe.runIf(existsSync('/usr/sbin/snmpd'))('hardware pollsters over a real snmpd', () => {
  let snmpd: SnmpdService;
  let inspector: SnmpHardwareInspector;
  beforeAll(async () => {
    snmpd = await startSnmpd();
    inspector = new SnmpHardwareInspector();
  }, 30_000);
  afterAll(async () => {
    await inspector?.close();
    await snmpd?.stop();
  });

  it('serves every seed meter over v2c and SNMPv3 authPriv, percentages from two walks', async () => {
    const ctx = fakeContext(inspector);
    const pollsters = new Map(
      [...(await new HardwareSnmpPollsterBuilder(ctx).buildPollsters()), ...(await new CustomHardwarePollsterBuilder(ctx).buildPollsters())].map((p) => [p.name, p.pollster]),
    );
    const resources = [snmpd.url, snmpd.v3Url];
    const poll = async () => {
      const c = cycle();
      const samples: Sample[] = [];
      for (const name of SEED_METERS) samples.push(...((await pollsters.get(name)!.getSamples(c, resources)) as Sample[]));
      // The same cycle's raw counters, as the pollsters saw them (the inspector caches per cycle).
      const raw = await inspector.inspect(parseHardwareResourceUrl(snmpd.url), { scalars: Object.values(CPU).map((n) => `${SS}.${n}.0`), subtrees: [] }, c);
      return { samples, raw: (n: number) => Number(raw.get(`${SS}.${n}.0`)!.value) };
    };
    const first = await poll();
    expect(first.samples.some((s) => s.name.endsWith('.percentage'))).toBe(false);
    await new Promise((r) => setTimeout(r, 6_000)); // snmpd refreshes its CPU figures every 5 s
    const second = await poll();
    const names = new Set(second.samples.map((s) => s.name));
    for (const name of SEED_METERS) {
      expect(names.has(name), name).toBe(true);
    }
    const d = (n: number): number => (second.raw(n) - first.raw(n) + 2 ** 32) % 2 ** 32;
    const total = Object.values(CPU).reduce((sum, n) => sum + d(n), 0);
    const v2c = (name: string) => second.samples.find((s) => s.name === name && s.resource_metadata.resource_url === parseHardwareResourceUrl(snmpd.url).resourceUrl)!;
    expect(total).toBeGreaterThan(0);
    expect(v2c('custom.hardware.cpu.user.percentage').volume).toBeCloseTo((100 * d(CPU.user)) / total, 8);
    expect(v2c('custom.hardware.cpu.util.percentage').volume).toBeCloseTo((100 * (total - d(CPU.idle))) / total, 8);
    const text = JSON.stringify(second.samples);
    expect(text).not.toContain(snmpd.v3User.authPass);
    expect(text).not.toContain(snmpd.v3User.privPass!);
    expect(v2c('hardware.network.incoming.bytes').resource_id).toMatch(/^127\.0\.0\.1\./);
  }, 60_000);
});
