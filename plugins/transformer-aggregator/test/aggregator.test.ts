import { makeSample, type Sample, type SampleType } from '@ceilometer-ts/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AggregatorTransformer } from '../src/index.js';

const now = () => new Date().toISOString().replace('Z', '');

function s(volume: number, user_id: string | null, project_id: string | null, version: string, type: SampleType = 'delta'): Sample {
  return makeSample({ name: 'storage.objects.incoming.bytes', type, unit: 'B', volume, user_id, project_id, resource_id: 'test_resource', timestamp: now(), resource_metadata: { version } });
}

const SIX = () => [
  s(26, 'test_user', 'test_proj', '1.0'),
  s(16, 'test_user', 'test_proj', '2.0'),
  s(53, 'test_user_bis', 'test_proj_bis', '1.0'),
  s(42, 'test_user_bis', 'test_proj_bis', '2.0'),
  s(15, 'test_user', 'test_proj_bis', '2.0'),
  s(2, 'test_user_bis', 'test_proj', '3.0'),
];

function aggregate(parameters: Record<string, unknown>): Sample[] {
  const t = new AggregatorTransformer([parameters]);
  for (const x of SIX()) expect(t.handleSample(x)).toBeNull();
  return [...t.flush()].sort((a, b) => (a.volume as number) - (b.volume as number));
}

describe('aggregator (rocky cases)', () => {
  afterEach(() => vi.useRealTimers());

  it('reads size and retention_time as rocky (strings, zero, defaults)', () => {
    const a = new AggregatorTransformer({ size: '2', retention_time: '15' });
    expect([a.size, a.retentionTime, a.timestampPolicy]).toEqual([2, 15, 'first']);
    expect(new AggregatorTransformer({}).size).toBe(1);
    expect(new AggregatorTransformer({ size: '0' }).size).toBe(1);
    expect(new AggregatorTransformer({ timestamp: 'invalid_option' }).timestampPolicy).toBe('first');
    expect(new AggregatorTransformer({ timestamp: 'last' }).timestampPolicy).toBe('last');
    expect(() => new AggregatorTransformer({ size: 'abc' })).toThrow('aggregator: parameter size: expected a number, got "abc"');
    expect(() => new AggregatorTransformer({ size: '2', retention_time: 'abc' })).toThrow('aggregator: parameter retention_time');
  });

  it('groups by user and project unless merged; metadata first or last', () => {
    for (const [policy, version] of [['last', '2.0'], ['first', '1.0']]) {
      const out = aggregate({ resource_metadata: policy, target: { name: 'aggregated-bytes' } });
      expect(out.map((x) => [x.name, x.volume, x.user_id, x.project_id, x.resource_metadata])).toEqual([
        ['aggregated-bytes', 2, 'test_user_bis', 'test_proj', { version: '3.0' }],
        ['aggregated-bytes', 15, 'test_user', 'test_proj_bis', { version: '2.0' }],
        ['aggregated-bytes', 42, 'test_user', 'test_proj', { version }],
        ['aggregated-bytes', 95, 'test_user_bis', 'test_proj_bis', { version }],
      ]);
    }
  });

  it('merges user_id first or last', () => {
    expect(aggregate({ resource_metadata: 'last', user_id: 'last' }).map((x) => [x.volume, x.user_id, x.project_id, x.resource_metadata])).toEqual([
      [44, 'test_user_bis', 'test_proj', { version: '3.0' }],
      [110, 'test_user', 'test_proj_bis', { version: '2.0' }],
    ]);
    expect(aggregate({ resource_metadata: 'last', user_id: 'first' }).map((x) => [x.volume, x.user_id])).toEqual([
      [44, 'test_user'],
      [110, 'test_user_bis'],
    ]);
  });

  it('merges everything: all first, all last, mixed with drop, invalid metadata policy', () => {
    expect(aggregate({ resource_metadata: 'first', user_id: 'first', project_id: 'first' }).map((x) => [x.volume, x.user_id, x.project_id, x.resource_metadata])).toEqual([
      [154, 'test_user', 'test_proj', { version: '1.0' }],
    ]);
    expect(aggregate({ resource_metadata: 'last', user_id: 'last', project_id: 'last' }).map((x) => [x.volume, x.user_id, x.project_id, x.resource_metadata])).toEqual([
      [154, 'test_user_bis', 'test_proj', { version: '3.0' }],
    ]);
    expect(aggregate({ resource_metadata: 'drop', user_id: 'first', project_id: 'last' }).map((x) => [x.volume, x.user_id, x.project_id, x.resource_metadata])).toEqual([
      [154, 'test_user', 'test_proj', {}],
    ]);
    const invalid = new AggregatorTransformer({ resource_metadata: 'invalid', user_id: 'last', project_id: 'last' });
    expect(invalid.mergedPolicy.resource_metadata).toBe('last');
  });

  it('averages gauges, keeps the last cumulative, sums deltas', () => {
    const t = new AggregatorTransformer({ size: 9 });
    for (const type of ['gauge', 'delta', 'cumulative'] as const) {
      for (const v of [1, 2, 3]) t.handleSample(makeSample({ name: `test${type}`, type, unit: 'B', volume: v, resource_id: 'r' }));
    }
    expect(t.flush().map((x) => x.volume).sort()).toEqual([2, 3, 6]);
  });

  it('averages renamed gauges (no division by zero)', () => {
    const t = new AggregatorTransformer({ size: 2, target: { name: 'renamed' } });
    for (const v of [1, 3]) t.handleSample(makeSample({ name: 'g', type: 'gauge', unit: 'B', volume: v, resource_id: 'r' }));
    expect(t.flush().map((x) => [x.name, x.volume])).toEqual([['renamed', 2]]);
  });

  it('flushes when size samples were seen', () => {
    const t = new AggregatorTransformer({ size: 2 });
    t.handleSample(s(26, 'test_user', 'test_proj', '1.0'));
    expect(t.flush()).toEqual([]);
    t.handleSample(s(16, 'test_user_bis', 'test_proj_bis', '2.0'));
    expect(t.flush()).toHaveLength(2);
  });

  it('flushes when retention_time passed since the first sample', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const t = new AggregatorTransformer({ size: 900, retention_time: 60 });
    expect(t.flush()).toEqual([]);
    t.handleSample(s(26, 'test_user', 'test_proj', '1.0'));
    expect(t.flush()).toEqual([]);
    vi.setSystemTime(new Date('2026-01-01T00:02:00Z'));
    expect(t.flush()).toHaveLength(1);
    expect(t.flush()).toEqual([]);
  });

  it('groups samples without user and project (unauthenticated swift)', () => {
    const t = new AggregatorTransformer({ size: 2 });
    t.handleSample(s(26, null, null, '1.0'));
    t.handleSample(s(16, null, null, '2.0'));
    expect(t.flush().map((x) => [x.volume, x.resource_id])).toEqual([[42, 'test_resource']]);
  });

  it('keeps the last timestamp with timestamp: last', () => {
    const t = new AggregatorTransformer({ size: 2, timestamp: 'last' });
    t.handleSample(makeSample({ name: 'c', type: 'cumulative', unit: 'ns', volume: 0, resource_id: 'r', timestamp: '2016-01-01T12:00:00+00:00' }));
    t.handleSample(makeSample({ name: 'c', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'r', timestamp: '2016-01-01T12:00:01+00:00' }));
    expect(t.flush().map((x) => [x.volume, x.timestamp])).toEqual([[1, '2016-01-01T12:00:01+00:00']]);
  });

  it('applies target scale and max from unit_conversion', () => {
    const t = new AggregatorTransformer({ size: 2, target: { unit: 'KB', scale: 'volume / 1024' } });
    t.handleSample(makeSample({ name: 'd', type: 'delta', unit: 'B', volume: 1024, resource_id: 'r' }));
    t.handleSample(makeSample({ name: 'd', type: 'delta', unit: 'B', volume: 2048, resource_id: 'r' }));
    expect(t.flush().map((x) => [x.unit, x.volume])).toEqual([['KB', 3]]);
  });
});
