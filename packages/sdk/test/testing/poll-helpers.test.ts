import { describe, expect, it } from 'vitest';
import { makeSample, withSample, type PollCycle, type Pollster, type Sample, type Transformer } from '../../src/index.js';
import { fakePollCycle, pollSamples, transformSamples } from '../../src/testing/index.js';

const sample = (resource: string, volume = 1): Sample => makeSample({ name: 'm', type: 'gauge', unit: 'u', volume, resource_id: resource, timestamp: '2026-01-01T00:00:00' });

describe('sdk/testing poll helpers', () => {
  it('fakePollCycle gives a working cache, a fixed timestamp and a live signal; fields can be replaced', async () => {
    const cycle = fakePollCycle({ sourceName: 'mine' });
    expect(cycle).toMatchObject({ sourceName: 'mine', timestamp: '2026-01-01T00:00:00.000000' });
    expect(cycle.signal.aborted).toBe(false);
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);
    expect(await Promise.all([cycle.cache.getOrLoad('k', load), cycle.cache.getOrLoad('k', load)])).toEqual([1, 1]);
  });

  it('pollSamples collects async generators, promised arrays and plain iterables alike', async () => {
    const generator: Pollster<string> = {
      defaultDiscovery: null,
      async *getSamples(cycle: PollCycle, resources: readonly string[]) {
        for (const r of resources) yield withSample(sample(r), { timestamp: cycle.timestamp });
      },
    };
    const promised: Pollster<string> = { defaultDiscovery: null, getSamples: (_c, rs) => Promise.resolve(rs.map((r) => sample(r))) };
    const plain: Pollster<string> = { defaultDiscovery: null, getSamples: (_c, rs) => rs.map((r) => sample(r)) };
    const got = await pollSamples(generator, ['a', 'b'], fakePollCycle({ timestamp: 'T' }));
    expect(got.map((s) => [s.resource_id, s.timestamp])).toEqual([['a', 'T'], ['b', 'T']]);
    expect((await pollSamples(promised, ['c'])).map((s) => s.resource_id)).toEqual(['c']);
    expect((await pollSamples(plain, ['d'])).map((s) => s.resource_id)).toEqual(['d']);
    expect(await pollSamples(plain)).toEqual([]);
  });

  it('transformSamples passes each sample through handleSample, drops nulls, then appends flush()', () => {
    const held: Sample[] = [];
    const transformer: Transformer = {
      handleSample: (s) => {
        if (s.volume === 0) return null;
        if (s.resource_id === 'hold') {
          held.push(s);
          return null;
        }
        return withSample(s, { volume: Number(s.volume) * 2 });
      },
      flush: () => held.splice(0),
    };
    const out = transformSamples(transformer, [sample('a', 1), sample('zero', 0), sample('hold', 5)]);
    expect(out.map((s) => [s.resource_id, s.volume])).toEqual([['a', 2], ['hold', 5]]);
  });
});
