// Every meter over the real `local` inspector on this machine (imported from its package source,
// in the test only): the definitions work unchanged on the virtual MIB.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Sample } from '@ceilometer-ts/sdk';
import { LocalInspector } from '../../inspector-local/src/index.js';
import { CustomHardwarePollsterBuilder, HardwareRuntime, HardwareSnmpPollsterBuilder } from '../src/index.js';
import { fakeContext, fakeCycle } from './helpers.js';

const embedded = parse(readFileSync(new URL('../../../etc/ceilometer/embedded/polling.yaml', import.meta.url), 'utf8')) as {
  sources: { meters: string[]; resources: string[] }[];
};

describe.runIf(existsSync('/proc/stat'))('hardware pollsters over the local inspector', () => {
  it("serve the embedded polling.yaml's meters for this machine", async () => {
    const ctx = fakeContext(new LocalInspector());
    let now = 0;
    HardwareRuntime.of(ctx).clock = () => now;
    const pollsters = [...(await new HardwareSnmpPollsterBuilder(ctx).buildPollsters()), ...(await new CustomHardwarePollsterBuilder(ctx).buildPollsters())];
    const patterns = embedded.sources[0]!.meters.map((m) => new RegExp(`^${m.replaceAll('.', '\\.').replaceAll('*', '.*')}$`));
    const selected = pollsters.filter((p) => patterns.some((re) => re.test(p.name)));
    expect(selected.length).toBe(pollsters.length);
    const poll = async (): Promise<Sample[]> => {
      now += 1;
      const cycle = fakeCycle();
      const out: Sample[] = [];
      for (const { pollster } of selected) out.push(...((await pollster.getSamples(cycle, embedded.sources[0]!.resources)) as Sample[]));
      return out;
    };
    await poll();
    const end = Date.now() + 300;
    while (Date.now() < end); // let a few CPU ticks pass
    await new Promise((r) => setTimeout(r, 300));
    const samples = await poll();
    const names = new Set(samples.map((s) => s.name));
    // Stein's 1-minute ssCpu* figures and a few per-device meters may be absent on a given machine.
    const optional = /^hardware\.(cpu\.util|system_stats\.cpu\.idle)$|^hardware\.disk\.|^custom\.hardware\.disk\./;
    for (const { name } of selected) if (!optional.test(name)) expect(names.has(name), name).toBe(true);
    expect(samples.find((s) => s.name === 'custom.hardware.memory.total')).toMatchObject({ resource_id: hostname(), resource_metadata: { resource_url: 'local://localhost' } });
    for (const s of samples) expect(Number.isFinite(s.volume), s.name).toBe(true);
    const cpuUtil = samples.find((s) => s.name === 'custom.hardware.cpu.util.percentage');
    if (cpuUtil) expect(cpuUtil.volume).toBeGreaterThanOrEqual(0);
  });
});
