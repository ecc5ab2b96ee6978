// The seed deployment's polling.yaml: every meter its hardware sources name has a pollster and
// produces samples (the rates and percentages from the second poll on).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Sample } from '@ceilometer-ts/sdk';
import { CustomHardwarePollsterBuilder, HardwareRuntime, HardwareSnmpPollsterBuilder } from '../src/index.js';
import { FIXTURES, fakeContext, fakeCycle, loadSnapshot, SnapshotInspector } from './helpers.js';

interface Source {
  name: string;
  meters: string[];
  resources?: string[];
}
const seed = parse(readFileSync(`${FIXTURES}seed-polling.yaml`, 'utf8')) as { sources: Source[] };
const hardwareSources = seed.sources.filter((s) => s.name === 'hardware_snmp' || s.name === 'user_defined');

describe('seed polling.yaml', async () => {
  const inspector = new SnapshotInspector();
  const ctx = fakeContext(inspector, { 'hardware.monitor_file': `${FIXTURES}seed-monitor_hardware.yaml` });
  let now = 0;
  HardwareRuntime.of(ctx).clock = () => now;
  const pollsters = new Map(
    [...(await new HardwareSnmpPollsterBuilder(ctx).buildPollsters()), ...(await new CustomHardwarePollsterBuilder(ctx).buildPollsters())].map((p) => [p.name, p.pollster]),
  );

  it('names 40 hardware meters, each served by exactly one pollster', () => {
    const names = hardwareSources.flatMap((s) => s.meters);
    expect(names).toHaveLength(40);
    for (const name of names) expect(pollsters.has(name), name).toBe(true);
  });

  it('produces every meter over its resources by the second poll', async () => {
    const poll = async (file: string): Promise<Set<string>> => {
      now += 60;
      const samples: Sample[] = [];
      const cycle = fakeCycle();
      for (const source of hardwareSources) {
        for (const url of source.resources!) inspector.snapshots.set(url, loadSnapshot(file));
        for (const meter of source.meters) samples.push(...((await pollsters.get(meter)!.getSamples(cycle, source.resources!)) as Sample[]));
      }
      return new Set(samples.map((s) => s.name));
    };
    // The seed's monitor file keeps sda and ens192/224/256, which this snapshot lacks: collect everything.
    HardwareRuntime.of(ctx).filter = undefined;
    const first = await poll('local-snapshot-1.json');
    expect([...first].filter((n) => n.endsWith('.percentage') || n.endsWith('.average'))).toEqual([]);
    const second = await poll('local-snapshot-2.json');
    for (const name of hardwareSources.flatMap((s) => s.meters)) expect(second.has(name), name).toBe(true);
  });
});
