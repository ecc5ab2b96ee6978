import type { ResourceMetadata } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { RateOfChangeTransformer, TransformerParameterError } from '../src/index.js';
import { at, recordingLogger, sample } from './helpers.js';

const CPU_UTIL = {
  target: { name: 'cpu_util', unit: '%', type: 'gauge', max: 100, scale: '100.0 / (10**9 * (resource_metadata.cpu_number or 1))' },
};

const WEIGHTED = {
  source: {},
  target: {
    name: 'cpu_util', unit: '%', type: 'gauge',
    scale: '(resource_metadata.user_metadata.autoscaling_weight or 1.0)* (resource_metadata.non.existent or 1.0)* (100.0 / (10**9 * (resource_metadata.cpu_number or 1)))',
  },
};

function rates(params: object, prev: number, curr: number, type: 'cumulative' | 'gauge', offset = 60, weight?: number): number[] {
  const t = new RateOfChangeTransformer([params]);
  const um: ResourceMetadata = weight ? { autoscaling_weight: weight } : {};
  const out = [
    sample({ volume: prev, type, resource_id: 'a', resource_metadata: { cpu_number: 4, user_metadata: um } }),
    sample({ volume: prev, type, resource_id: 'b', resource_metadata: { cpu_number: 2, user_metadata: um } }),
    sample({ volume: curr, type, resource_id: 'a', timestamp: at(offset), resource_metadata: { cpu_number: 4, user_metadata: um } }),
    sample({ volume: curr, type, resource_id: 'b', timestamp: at(offset), resource_metadata: { cpu_number: 2, user_metadata: um } }),
  ].map((s) => t.handleSample(s));
  expect(out[0]).toBeNull();
  expect(out[1]).toBeNull();
  for (const s of out.slice(2)) {
    expect(s).toMatchObject({ name: 'cpu_util', unit: '%', type: 'gauge' });
  }
  return out.slice(2).map((s) => s?.volume as number);
}

describe('rate_of_change (rocky cases)', () => {
  it('computes cpu_util from cumulative cpu time', () => {
    expect(rates(WEIGHTED, 120e9, 180e9, 'cumulative')).toEqual([25, 50]);
  });

  it('applies the autoscaling weight from metadata', () => {
    const [a, b] = rates(WEIGHTED, 120e9, 180e9, 'cumulative', 60, 1.1);
    expect(a).toBeCloseTo(27.5);
    expect(b).toBeCloseTo(55);
  });

  it('treats a cumulative decrease as a reset', () => {
    expect(rates(WEIGHTED, 180e9, 120e9, 'cumulative')).toEqual([50, 100]);
  });

  it('allows a negative rate for gauges', () => {
    expect(rates(WEIGHTED, 180e9, 120e9, 'gauge')).toEqual([-25, -50]);
  });

  it('gives a rate of 0 for a zero interval', () => {
    expect(rates(WEIGHTED, 120e9, 120e9, 'cumulative', 0)).toEqual([0, 0]);
  });

  it('drops the first sample of a series with a warning', () => {
    const logger = recordingLogger();
    const t = new RateOfChangeTransformer([CPU_UTIL], { logger });
    expect(t.handleSample(sample({ volume: 1 }))).toBeNull();
    expect(t.flush()).toEqual([]);
    expect(logger.warnings).toEqual(['dropping sample with no predecessor: %s for %s']);
  });

  it('prefers monotonic time over timestamps (a laggy poller)', () => {
    const t = new RateOfChangeTransformer([CPU_UTIL]);
    t.handleSample(sample({ volume: 125e9, monotonic_time: 1000, resource_metadata: { cpu_number: 4 } }));
    const out = t.handleSample(sample({ volume: 165e9, timestamp: at(12345), monotonic_time: 1010, resource_metadata: { cpu_number: 4 } }));
    expect(out?.volume).toBeCloseTo(100);
  });

  it('caps at max', () => {
    const t = new RateOfChangeTransformer([CPU_UTIL]);
    t.handleSample(sample({ volume: 125e9, resource_metadata: { cpu_number: 4 } }));
    const out = t.handleSample(sample({ volume: 165e9 + 12345, timestamp: at(10), resource_metadata: { cpu_number: 4 } }));
    expect(out?.volume).toBe(100);
  });

  it('drops out-of-order samples and keeps the newer one cached', () => {
    const logger = recordingLogger();
    const t = new RateOfChangeTransformer([CPU_UTIL], { logger });
    const md = { cpu_number: 4 };
    expect(t.handleSample(sample({ volume: 125e9, timestamp: at(10), resource_metadata: md }))).toBeNull();
    expect(t.handleSample(sample({ volume: 120e9, timestamp: at(0), resource_metadata: md }))).toBeNull();
    expect(logger.warnings).toContain('dropping out of time order sample: %s for %s @ %s');
    const out = t.handleSample(sample({ volume: 130e9, timestamp: at(20), resource_metadata: md }));
    expect(out?.volume).toBeCloseTo(12.5);
  });

  it('maps names and units with map_from/map_to', () => {
    const t = new RateOfChangeTransformer([
      {
        source: { map_from: { name: 'disk\\.(read|write)\\.(bytes|requests)', unit: '(B|request)' } },
        target: { map_to: { name: 'disk.\\1.\\2.rate', unit: '\\1/s' }, type: 'gauge' },
      },
    ]);
    const out = [];
    for (const [v, ts] of [[1000, 0], [1000 + 7 * 60 * 42, 7 * 60]] as const) {
      out.push(t.handleSample(sample({ name: 'disk.read.bytes', unit: 'B', volume: v, timestamp: at(ts), resource_id: 'resource1' })));
      out.push(t.handleSample(sample({ name: 'disk.write.requests', unit: 'request', volume: v, timestamp: at(ts), resource_id: 'resource2' })));
    }
    expect(out.slice(0, 2)).toEqual([null, null]);
    expect(out[2]).toMatchObject({ name: 'disk.read.bytes.rate', unit: 'B/s', type: 'gauge', volume: 42, resource_id: 'resource1' });
    expect(out[3]).toMatchObject({ name: 'disk.write.requests.rate', unit: 'request/s', type: 'gauge', volume: 42, resource_id: 'resource2' });
  });

  it('keeps the type when no target type is given and makes a new sample', () => {
    const t = new RateOfChangeTransformer({});
    const first = sample({ volume: 0, monotonic_time: 1 });
    t.handleSample(first);
    const out = t.handleSample(sample({ volume: 10, timestamp: at(5), monotonic_time: 6 }));
    expect(out).toMatchObject({ name: 'cpu', unit: 'ns', type: 'cumulative', volume: 2, monotonic_time: null, source: 'openstack' });
    expect(out?.id).not.toBe(first.id);
  });

  it('logs and drops when the scale cannot be evaluated', () => {
    const logger = recordingLogger();
    const t = new RateOfChangeTransformer([{ target: { scale: '1 / resource_metadata.zero' } }], { logger });
    t.handleSample(sample({ volume: 1, resource_metadata: { zero: 0 } }));
    expect(t.handleSample(sample({ volume: 2, timestamp: at(1), resource_metadata: { zero: 0 } }))).toBeNull();
    expect(logger.warnings).toContain('%s: unable to evaluate scale %s for %s: %s');
  });

  it('rejects a bad scale, type or regex at load with the parameter named', () => {
    expect(() => new RateOfChangeTransformer([{ target: { scale: 'import os' } }])).toThrow(
      'rate_of_change: parameter target.scale: invalid expression "import os": "import" is not allowed at column 1',
    );
    expect(() => new RateOfChangeTransformer([{ target: { type: 'counter' } }])).toThrow(TransformerParameterError);
    expect(() => new RateOfChangeTransformer([{ source: { map_from: { name: '(' } }, target: { map_to: { name: 'x' } } }])).toThrow(
      /rate_of_change: parameter source.map_from.name: invalid regular expression/,
    );
  });
});
